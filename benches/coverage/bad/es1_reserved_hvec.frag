// expect-error-line: 5
precision mediump float;
uniform vec2 uv;
void main() {
	hvec2 h = hvec2(uv);
	gl_FragColor = vec4(h, 0.0, 1.0);
}
