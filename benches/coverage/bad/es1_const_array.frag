// expect-error-line: 3
precision mediump float;
const float weights[3] = float[3](0.25, 0.5, 0.25);
void main() {
	gl_FragColor = vec4(weights[1]);
}
