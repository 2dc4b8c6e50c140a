// expect-error-line: 6
attribute vec4 position;
void main() {
	vec4 p = position;
	int n = 0;
	do {
		p.x *= 0.5;
		n++;
	} while (n < 3);
	gl_Position = p;
}
