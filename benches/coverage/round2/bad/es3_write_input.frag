#version 300 es // expect-error-line: 7
precision mediump float;
in vec2 vUv;
out vec4 fragColor;

void main() {
    vUv = fract(vUv * 4.0);
    fragColor = vec4(vUv, 0.0, 1.0);
}
