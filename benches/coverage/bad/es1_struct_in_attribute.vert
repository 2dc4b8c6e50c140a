// expect-error-line: 3
struct Vtx { vec3 p; vec3 n; };
attribute Vtx v;
void main() {
	gl_Position = vec4(v.p, 1.0);
}
