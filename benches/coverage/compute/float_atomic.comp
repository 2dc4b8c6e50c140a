#version 450
#extension GL_EXT_shader_atomic_float : require
layout(local_size_x = 128) in;
layout(std430, binding = 0) buffer Accum { float total; float grid[]; };
layout(std430, binding = 1) readonly buffer Src { vec4 particles[]; };
void main() {
	vec4 p = particles[gl_GlobalInvocationID.x];
	uint cell = uint(clamp(p.x, 0.0, 63.0)) + uint(clamp(p.y, 0.0, 63.0)) * 64u;
	atomicAdd(grid[cell], p.w);
	atomicAdd(total, p.w);
}
