// expect-error-line: 4
precision mediump float;
void main() {
	gl_Position = vec4(0.0);
	gl_FragColor = vec4(1.0);
}
