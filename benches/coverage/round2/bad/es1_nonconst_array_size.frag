// expect-error-line: 7
precision mediump float;
uniform int uCount;
varying vec2 vUv;

void main() {
    float taps[uCount];
    gl_FragColor = vec4(vUv, 0.0, 1.0);
}
