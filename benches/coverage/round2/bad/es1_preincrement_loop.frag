// expect-error-line: 8
precision mediump float;
uniform sampler2D uTex;
varying vec2 vUv;

void main() {
    vec4 acc = vec4(0.0);
    for (int i = 0; i < 4; ++i) {
        acc += texture2D(uTex, vUv + float(i) * 0.01);
    }
    gl_FragColor = acc * 0.25;
}
