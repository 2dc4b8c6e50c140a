// expect-error-line: 6
precision mediump float;
varying vec2 vUv;

void main() {
    float strength = 1;
    gl_FragColor = vec4(vUv * strength, 0.0, 1.0);
}
