// expect-error-line: 7
precision mediump float;
uniform vec4 uPalette[4];
varying vec2 vUv;

void main() {
    float weights[2][2];
    weights[0][0] = 0.25;
    gl_FragColor = uPalette[0] * weights[0][0];
}
