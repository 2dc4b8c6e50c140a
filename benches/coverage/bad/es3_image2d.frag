#version 300 es // expect-error-line: 3
precision mediump float;
layout(rgba8) uniform highp readonly image2D img;
out vec4 o;
void main() {
	o = vec4(1.0);
}
