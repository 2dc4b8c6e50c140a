#version 300 es // expect-error-line: 7
precision mediump float;
uniform sampler2D a;
in vec2 uv;
out vec4 o;
void main() {
	sampler2D s = a;
	o = texture(s, uv);
}
