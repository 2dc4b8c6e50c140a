#version 300 es // expect-error-line: 3
precision mediump float;
layout(binding = 0) uniform sampler2D tex;
in vec2 uv;
out vec4 o;
void main() {
	o = texture(tex, uv);
}
