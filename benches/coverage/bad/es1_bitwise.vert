// expect-error-line: 5
attribute vec4 position;
uniform int flags;
void main() {
	int f = flags & 1;
	gl_Position = position * float(f);
}
