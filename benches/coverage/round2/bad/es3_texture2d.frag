#version 300 es // expect-error-line: 8
precision mediump float;
uniform sampler2D uTex;
in vec2 vUv;
out vec4 fragColor;

void main() {
    fragColor = texture2D(uTex, vUv);
}
