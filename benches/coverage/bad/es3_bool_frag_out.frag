#version 300 es // expect-error-line: 3
precision mediump float;
out bool flag;
void main() {
	flag = true;
}
