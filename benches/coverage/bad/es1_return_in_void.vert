// expect-error-line: 4
attribute vec4 position;
void setup() {
	return 1.0;
}
void main() {
	setup();
	gl_Position = position;
}
