#version 300 es // expect-error-line: 7
precision mediump float;
uniform sampler2D tex;
in vec2 uv;
out vec4 o;
void main() {
	o = textureGather(tex, uv);
}
