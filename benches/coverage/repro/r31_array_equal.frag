#version 300 es
precision highp float;
uniform float u;
out vec4 o;
void main() {
	float a[2] = float[2](u, 1.0);
	float b[2] = float[2](1.0, 1.0);
	o = vec4(a == b ? 1.0 : 0.0);
}
