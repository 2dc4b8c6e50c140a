// expect-error-line: 6
precision mediump float;
uniform float limit;
void main() {
	float x = 0.0;
	while (x < limit) {
		x += 0.1;
	}
	gl_FragColor = vec4(x);
}
