#version 300 es // expect-error-line: 3
precision mediump float;
varying vec2 vUv;
out vec4 fragColor;

void main() {
    fragColor = vec4(vUv, 0.0, 1.0);
}
