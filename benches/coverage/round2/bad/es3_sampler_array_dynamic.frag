#version 300 es // expect-error-line: 9
precision mediump float;
uniform sampler2D uLayers[4];
uniform int uLayer;
in vec2 vUv;
out vec4 fragColor;

void main() {
    fragColor = texture(uLayers[uLayer], vUv);
}
