#version 450
#extension GL_KHR_shader_subgroup_basic : require
#extension GL_KHR_shader_subgroup_shuffle : require
#extension GL_KHR_shader_subgroup_shuffle_relative : require
#extension GL_KHR_shader_subgroup_vote : require
#extension GL_KHR_shader_subgroup_ballot : require

layout(local_size_x = 64) in;

layout(std430, binding = 0) buffer Data { uint keys[]; };

void main() {
    uint idx = gl_GlobalInvocationID.x;
    uint k = keys[idx];
    uint neighbour = subgroupShuffleXor(k, 1u);
    uint up = subgroupShuffleUp(k, 1u);
    uint down = subgroupShuffleDown(k, 1u);
    uint first = subgroupBroadcastFirst(k);
    uint lane3 = subgroupBroadcast(k, 3u);
    uint fromLane = subgroupShuffle(k, gl_SubgroupInvocationID ^ 2u);
    bool allSame = subgroupAllEqual(k);
    bool anyBig = subgroupAny(k > 1000u);
    bool allSmall = subgroupAll(k < 10u);
    uint mn = min(k, neighbour);
    uint mx = max(k, neighbour);
    bool lower = (gl_SubgroupInvocationID & 1u) == 0u;
    keys[idx] = (lower ? mn : mx) + (allSame ? first : 0u) + (anyBig ? lane3 : 0u) + (allSmall ? up ^ down ^ fromLane : 0u);
    subgroupBarrier();
    subgroupMemoryBarrierBuffer();
}
