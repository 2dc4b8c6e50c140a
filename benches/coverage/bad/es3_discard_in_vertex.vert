#version 300 es // expect-error-line: 4
in vec4 position;
void main() {
	if (position.w < 0.0) discard;
	gl_Position = position;
}
