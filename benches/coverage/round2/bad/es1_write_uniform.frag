// expect-error-line: 7
precision mediump float;
uniform vec3 uTint;
varying vec2 vUv;

void main() {
    uTint = vec3(vUv, 1.0);
    gl_FragColor = vec4(uTint, 1.0);
}
