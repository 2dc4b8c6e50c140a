#version 450
struct Vertex { float px, py, pz; float nx, ny, nz; float u, v; };
layout(set = 0, binding = 0, std430) readonly buffer Vertices { Vertex verts[]; };
layout(set = 0, binding = 1, std430) readonly buffer Indices { uint indices[]; };
layout(push_constant) uniform PC { mat4 mvp; uint baseIndex; } pc;
layout(location = 0) out vec3 outNormal;
layout(location = 1) out vec2 outUV;
void main() {
	uint idx = indices[pc.baseIndex + uint(gl_VertexIndex)];
	Vertex v = verts[idx];
	outNormal = vec3(v.nx, v.ny, v.nz);
	outUV = vec2(v.u, v.v);
	gl_Position = pc.mvp * vec4(v.px, v.py, v.pz, 1.0);
}
