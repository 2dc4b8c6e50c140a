#version 450
#extension GL_KHR_shader_subgroup_arithmetic : require
layout(local_size_x = 64) in;
layout(std430, binding = 0) buffer A { float v[]; };
void main() {
	v[gl_GlobalInvocationID.x] = subgroupAdd(v[gl_GlobalInvocationID.x]);
}
