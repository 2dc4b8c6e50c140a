#version 450
#extension GL_KHR_shader_subgroup_arithmetic : require
#extension GL_KHR_shader_subgroup_shuffle : require
#extension GL_KHR_shader_subgroup_vote : require
layout(local_size_x = 64) in;
layout(std430, binding = 0) buffer Data { uint keys[]; };
layout(std430, binding = 1) buffer Out { uint prefix[]; };
void main() {
	uint i = gl_GlobalInvocationID.x;
	uint k = keys[i];
	uint excl = subgroupExclusiveAdd(k);
	uint incl = subgroupInclusiveAdd(k);
	uint neighbor = subgroupShuffle(k, (gl_SubgroupInvocationID + 1u) % gl_SubgroupSize);
	uint mx = subgroupMax(k);
	bool allSame = subgroupAllEqual(k);
	bool anyBig = subgroupAny(k > 1000u);
	prefix[i] = excl + (incl - excl - k) + (allSame ? 0u : 0u) + (anyBig ? 0u : 0u) + neighbor * 0u + mx * 0u;
}
