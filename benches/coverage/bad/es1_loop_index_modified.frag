// expect-error-line: 8
precision mediump float;
uniform vec4 colors[8];
void main() {
	vec4 c = vec4(0.0);
	for (int i = 0; i < 8; i++) {
		c += colors[i];
		i += 1;
	}
	gl_FragColor = c;
}
