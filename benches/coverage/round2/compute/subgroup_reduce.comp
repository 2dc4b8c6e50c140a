#version 450
#extension GL_KHR_shader_subgroup_basic : require
#extension GL_KHR_shader_subgroup_arithmetic : require
#extension GL_KHR_shader_subgroup_ballot : require

layout(local_size_x = 256) in;

layout(std430, binding = 0) readonly buffer In { float values[]; };
layout(std430, binding = 1) buffer Out { uint nonZero; float sums[]; };

shared float subgroupSums[64];

void main() {
    float v = values[gl_GlobalInvocationID.x];
    float s = subgroupAdd(v);
    float m = subgroupMax(v);
    float inc = subgroupInclusiveAdd(v);
    uvec4 ballot = subgroupBallot(v != 0.0);
    uint count = subgroupBallotBitCount(ballot);
    if (subgroupElect()) {
        subgroupSums[gl_SubgroupID] = s + m * 0.0 + inc * 0.0;
        atomicAdd(nonZero, count);
    }
    barrier();
    if (gl_SubgroupID == 0) {
        float partial = gl_SubgroupInvocationID < gl_NumSubgroups ? subgroupSums[gl_SubgroupInvocationID] : 0.0;
        partial = subgroupAdd(partial);
        if (subgroupElect()) sums[gl_WorkGroupID.x] = partial;
    }
}
