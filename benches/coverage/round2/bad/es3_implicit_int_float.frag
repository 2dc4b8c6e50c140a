#version 300 es // expect-error-line: 7
precision mediump float;
in vec2 vUv;
out vec4 fragColor;

void main() {
    float scale = 2;
    fragColor = vec4(vUv * scale, 0.0, 1.0);
}
