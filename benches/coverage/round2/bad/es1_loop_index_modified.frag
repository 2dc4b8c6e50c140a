// expect-error-line: 10
precision mediump float;
uniform sampler2D uTex;
varying vec2 vUv;

void main() {
    vec4 acc = vec4(0.0);
    for (int i = 0; i < 8; i++) {
        acc += texture2D(uTex, vUv + float(i) * 0.01);
        i += 1;
    }
    gl_FragColor = acc;
}
