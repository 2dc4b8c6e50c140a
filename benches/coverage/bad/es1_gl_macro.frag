// expect-error-line: 3
precision mediump float;
#define GL_MY_FEATURE 1
void main() {
	gl_FragColor = vec4(float(GL_MY_FEATURE));
}
