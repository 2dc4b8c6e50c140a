// expect-error-line: 6
precision mediump float;
varying vec2 vUv;

void main() {
    uniform float uScale;
    gl_FragColor = vec4(vUv * uScale, 0.0, 1.0);
}
