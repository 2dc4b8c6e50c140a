// expect-error-line: 6
precision highp float;
varying vec2 vUv;

void main() {
    dvec2 precise = dvec2(vUv);
    gl_FragColor = vec4(vUv, 0.0, 1.0);
}
