// expect-error-line: 3
precision mediump float;
union Packed { float f; int i; };
void main() {
	gl_FragColor = vec4(1.0);
}
