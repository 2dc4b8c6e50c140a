// expect-error-line: 2
#extension all : require
precision mediump float;
void main() {
	gl_FragColor = vec4(1.0);
}
