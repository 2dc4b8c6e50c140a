// expect-error-line: 4
attribute vec4 position;
void main() {
	float goto = 1.0;
	gl_Position = position * goto;
}
