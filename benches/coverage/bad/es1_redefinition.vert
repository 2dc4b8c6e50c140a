// expect-error-line: 5
attribute vec4 position;
void main() {
	float s = 1.0;
	vec2 s = vec2(2.0);
	gl_Position = position;
}
