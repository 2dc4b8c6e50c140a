#version 300 es // expect-error-line: 4
precision mediump float;
in vec2 vUv;
in int vMaterial;
uniform vec4 uColors[4];
out vec4 fragColor;

void main() {
    fragColor = uColors[0] * float(vMaterial);
}
