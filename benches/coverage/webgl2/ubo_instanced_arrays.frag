#version 300 es
precision mediump float;
uniform sampler2D uAtlas;
in vec4 vColor;
in vec2 vUv;
layout(location = 0) out vec4 outColor;
void main() {
	outColor = texture( uAtlas, vUv ) * vColor;
}
