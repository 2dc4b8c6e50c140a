// expect-error-line: 7
precision mediump float;
uniform sampler2D uTex;
varying vec2 vUv;

void main() {
    double scale = 2.0;
    gl_FragColor = texture2D(uTex, vUv) * float(scale);
}
