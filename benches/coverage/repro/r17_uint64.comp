#version 450
#extension GL_ARB_gpu_shader_int64 : require
layout(local_size_x = 64) in;
layout(std430, binding = 0) buffer A { uint64_t values[]; };
void main() {
	values[gl_GlobalInvocationID.x] = uint64_t(gl_GlobalInvocationID.x) << 40;
}
