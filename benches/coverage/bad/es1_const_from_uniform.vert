// expect-error-line: 5
attribute vec4 position;
uniform float u;
void main() {
	const float k = u * 2.0;
	gl_Position = position * k;
}
