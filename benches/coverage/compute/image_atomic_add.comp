#version 450
layout(local_size_x = 64) in;
layout(set = 0, binding = 0, r32ui) uniform uimage2D density;
layout(set = 0, binding = 1, std430) readonly buffer Points { vec2 points[]; };
layout(push_constant) uniform PC { vec2 scale; } pc;
void main() {
	vec2 p = points[gl_GlobalInvocationID.x] * pc.scale;
	imageAtomicAdd(density, ivec2(p), 1u);
	imageAtomicMax(density, ivec2(p) + ivec2(1, 0), 7u);
}
