#version 300 es // expect-error-line: 7
precision mediump float;
in vec2 vUv;
out vec4 fragColor;

void main() {
    vec2 shared = vUv * 2.0;
    fragColor = vec4(shared, 0.0, 1.0);
}
