// expect-error-line: 7
precision mediump float;
uniform int uFlags;
varying vec2 vUv;

void main() {
    int masked = uFlags & 3;
    gl_FragColor = vec4(vUv, float(masked), 1.0);
}
