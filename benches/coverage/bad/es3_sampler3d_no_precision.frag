#version 300 es // expect-error-line: 3
precision mediump float;
uniform sampler3D volume;
in vec3 uvw;
out vec4 o;
void main() {
	o = texture(volume, uvw);
}
