#version 300 es // expect-error-line: 3
precision mediump float;
layout(location = 0) in vec2 vUv;
out vec4 fragColor;

void main() {
    fragColor = vec4(vUv, 0.0, 1.0);
}
