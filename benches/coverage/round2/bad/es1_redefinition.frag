// expect-error-line: 8
precision mediump float;
varying vec2 vUv;

void main() {
    vec3 color = vec3(vUv, 0.0);
    float k = 0.5;
    vec3 color = vec3(1.0);
    gl_FragColor = vec4(color * k, 1.0);
}
