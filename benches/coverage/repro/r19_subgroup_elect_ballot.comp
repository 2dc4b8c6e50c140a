#version 450
#extension GL_KHR_shader_subgroup_ballot : require
layout(local_size_x = 64) in;
layout(std430, binding = 0) buffer A { uint count; float v[]; };
void main() {
	uint n = subgroupBallotBitCount(subgroupBallot(v[gl_GlobalInvocationID.x] > 0.0));
	if (subgroupElect()) atomicAdd(count, n);
}
