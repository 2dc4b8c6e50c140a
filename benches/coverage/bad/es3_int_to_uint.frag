#version 300 es // expect-error-line: 6
precision mediump float;
uniform uint mask;
out vec4 o;
void main() {
	uint m = mask & 1;
	o = vec4(float(m));
}
