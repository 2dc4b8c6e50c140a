#version 300 es // expect-error-line: 4
uniform Params {
	mat4 mvp;
	float scale = 1.0;
};
in vec4 position;
void main() {
	gl_Position = mvp * position * scale;
}
