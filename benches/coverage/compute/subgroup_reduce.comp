#version 450
#extension GL_KHR_shader_subgroup_basic : require
#extension GL_KHR_shader_subgroup_arithmetic : require
#extension GL_KHR_shader_subgroup_ballot : require
layout(local_size_x = 256) in;
layout(std430, binding = 0) readonly buffer In { float values[]; };
layout(std430, binding = 1) buffer Out { float total; uint positives; };
shared float partials[32];
void main() {
	float v = values[gl_GlobalInvocationID.x];
	float s = subgroupAdd(v);
	uvec4 ballot = subgroupBallot(v > 0.0);
	uint pos = subgroupBallotBitCount(ballot);
	if (subgroupElect()) {
		partials[gl_SubgroupID] = s;
		atomicAdd(positives, pos);
	}
	barrier();
	if (gl_SubgroupID == 0u) {
		float p = gl_SubgroupInvocationID < gl_NumSubgroups ? partials[gl_SubgroupInvocationID] : 0.0;
		p = subgroupAdd(p);
		if (subgroupElect()) partials[0] = p;
	}
	barrier();
	if (gl_LocalInvocationIndex == 0u) total += partials[0];
}
