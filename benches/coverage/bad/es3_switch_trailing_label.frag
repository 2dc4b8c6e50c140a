#version 300 es // expect-error-line: 7
precision mediump float;
uniform int mode;
out vec4 o;
void main() {
	o = vec4(0.0);
	switch (mode) {
	case 0: o = vec4(1.0); break;
	default:
	}
}
