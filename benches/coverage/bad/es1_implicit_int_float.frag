// expect-error-line: 5
precision mediump float;
uniform float scale;
void main() {
	float s = scale * 2;
	gl_FragColor = vec4(s);
}
