// expect-error-line: 6
precision mediump float;
uniform vec2 uv;
void main() {
	vec3 v = vec3(uv, 1.0);
	gl_FragColor = v.xyzw;
}
