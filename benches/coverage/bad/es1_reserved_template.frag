// expect-error-line: 4
precision mediump float;
uniform vec4 tint;
vec4 template(vec4 v) { return v * 2.0; }
void main() {
	gl_FragColor = template(tint);
}
