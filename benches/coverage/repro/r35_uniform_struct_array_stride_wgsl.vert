attribute vec3 position;
struct Shadow { float bias; float radius; vec2 size; float extra; };
uniform Shadow shadows[2];
void main() {
	gl_Position = vec4(position * shadows[1].bias + shadows[0].extra, 1.0);
}
