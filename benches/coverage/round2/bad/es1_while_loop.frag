// expect-error-line: 9
precision mediump float;
uniform sampler2D uTex;
varying vec2 vUv;

void main() {
    vec4 acc = vec4(0.0);
    int i = 0;
    while (i < 4) {
        acc += texture2D(uTex, vUv + float(i) * 0.01);
        i++;
    }
    gl_FragColor = acc * 0.25;
}
