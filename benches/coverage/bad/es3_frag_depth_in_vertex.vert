#version 300 es // expect-error-line: 4
in vec4 position;
void main() {
	gl_FragDepth = 0.5;
	gl_Position = position;
}
