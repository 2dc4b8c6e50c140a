precision mediump float;
uniform float u;
vec3 g(vec3 a) { vec3 x = a; return normalize(x); }
void main() {
	float x = u;
	float n = normalize(x) + dot(x, x);
	gl_FragColor = vec4(n) + vec4(g(vec3(u)), 0.0);
}
