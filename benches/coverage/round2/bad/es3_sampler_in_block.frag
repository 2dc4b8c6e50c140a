#version 300 es // expect-error-line: 5
precision mediump float;
uniform Material {
    vec4 color;
    sampler2D albedo;
};
in vec2 vUv;
out vec4 fragColor;

void main() {
    fragColor = color;
}
