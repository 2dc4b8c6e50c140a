#version 450
layout(triangles) in;
layout(triangle_strip, max_vertices = 3) out;
layout(location = 0) in vec3 inNormal[];
layout(location = 0) out vec3 outNormal;
void main() {
	for (int i = 0; i < 3; i++) {
		outNormal = inNormal[i];
		gl_Position = gl_in[i].gl_Position;
		EmitVertex();
	}
	EndPrimitive();
}
