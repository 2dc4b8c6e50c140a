#version 300 es // expect-error-line: 3
uniform float a;
uniform float b = a;
in vec4 position;
void main() {
	gl_Position = position * b;
}
