#version 300 es // expect-error-line: 7
precision mediump float;
in vec2 vUv;
out vec4 fragColor;

void main() {
    float kernel[3][3];
    kernel[1][1] = 1.0;
    fragColor = vec4(vUv * kernel[1][1], 0.0, 1.0);
}
