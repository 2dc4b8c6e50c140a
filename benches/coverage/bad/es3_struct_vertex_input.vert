#version 300 es // expect-error-line: 3
struct V { vec3 p; };
in V v;
void main() {
	gl_Position = vec4(v.p, 1.0);
}
