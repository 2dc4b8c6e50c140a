#version 300 es // expect-error-line: 5
precision mediump float;
out vec4 o;
void main() {
	o = vec4(float(gl_VertexID));
}
