#version 300 es // expect-error-line: 4
in vec4 position;
void main() {
	out vec2 uv;
	gl_Position = position;
}
