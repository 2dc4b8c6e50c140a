// expect-error-line: 7
precision mediump float;
uniform int count;
uniform vec4 colors[8];
void main() {
	vec4 c = vec4(0.0);
	for (int i = 0; i < count; i++) {
		c += colors[i];
	}
	gl_FragColor = c;
}
