// expect-error-line: 2
#version 200
precision mediump float;
void main() {
	gl_FragColor = vec4(1.0);
}
