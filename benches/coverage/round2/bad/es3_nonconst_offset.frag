#version 300 es // expect-error-line: 9
precision mediump float;
uniform sampler2D uTex;
uniform ivec2 uOffset;
in vec2 vUv;
out vec4 fragColor;

void main() {
    fragColor = textureOffset(uTex, vUv, uOffset);
}
