// expect-error-line: 6
precision mediump float;
varying vec2 vUv;

void main() {
    hvec2 uvh = vUv;
    gl_FragColor = vec4(vUv, 0.0, 1.0);
}
