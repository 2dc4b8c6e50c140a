// expect-error-line: 7
precision mediump float;
uniform vec3 uTint;
varying vec2 vUv;

void main() {
    vec3 c = uTint + vUv;
    gl_FragColor = vec4(c, 1.0);
}
