#version 300 es // expect-error-line: 4
in vec4 position;
void main() {
	vec3 p = position;
	gl_Position = vec4(p, 1.0);
}
