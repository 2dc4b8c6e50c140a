#version 450
layout(local_size_x = 8, local_size_y = 8) in;
layout(std430, binding = 0) readonly buffer A { vec4 a[]; };
layout(std430, binding = 1) readonly buffer B { vec4 b[]; };
layout(std430, binding = 2) buffer C { vec4 c[]; };
layout(push_constant) uniform PC { uint n4; } pc;
void main() {
	uint row = gl_GlobalInvocationID.y * 4u;
	uint col4 = gl_GlobalInvocationID.x;
	vec4 acc[4] = vec4[4](vec4(0.0), vec4(0.0), vec4(0.0), vec4(0.0));
	for (uint k4 = 0u; k4 < pc.n4; ++k4) {
		vec4 b0 = b[(k4 * 4u + 0u) * pc.n4 + col4];
		vec4 b1 = b[(k4 * 4u + 1u) * pc.n4 + col4];
		vec4 b2 = b[(k4 * 4u + 2u) * pc.n4 + col4];
		vec4 b3 = b[(k4 * 4u + 3u) * pc.n4 + col4];
		mat4 bm = mat4(b0, b1, b2, b3);
		for (uint r = 0u; r < 4u; ++r) acc[r] += bm * a[(row + r) * pc.n4 + k4];
	}
	for (uint r = 0u; r < 4u; ++r) c[(row + r) * pc.n4 + col4] = acc[r];
}
