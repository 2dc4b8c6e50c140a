precision mediump float;
struct S { float t; int id; };
float f(float x) { float h = x * 2.0; return h; }
void main() {
	S h = S(f(1.0), 1);
	S g = h;
	gl_FragColor = vec4(h == g ? 1.0 : 0.0);
}
