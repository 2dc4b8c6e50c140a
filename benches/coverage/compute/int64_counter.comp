#version 450
#extension GL_ARB_gpu_shader_int64 : require
#extension GL_EXT_shader_atomic_int64 : require
layout(local_size_x = 64) in;
layout(std430, binding = 0) buffer Counters { uint64_t bytes; uint64_t items[]; };
layout(std430, binding = 1) readonly buffer Sizes { uint sizes[]; };
void main() {
	uint s = sizes[gl_GlobalInvocationID.x];
	items[gl_GlobalInvocationID.x] = uint64_t(s) << 8;
	atomicAdd(bytes, uint64_t(s));
}
