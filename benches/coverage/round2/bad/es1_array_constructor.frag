// expect-error-line: 7
precision mediump float;
varying vec2 vUv;

void main() {
    float w[3];
    w = float[3](0.25, 0.5, 0.25);
    gl_FragColor = vec4(vUv * w[1], 0.0, 1.0);
}
