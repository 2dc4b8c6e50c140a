#version 450

layout(local_size_x = 64) in;

struct InstanceData {
    vec3 pos;
    float scale;
    uint lodBase;
    uint pad0, pad1, pad2;
};

struct IndexedIndirectCommand {
    uint indexCount;
    uint instanceCount;
    uint firstIndex;
    int vertexOffset;
    uint firstInstance;
};

layout(std430, binding = 0) readonly buffer Instances { InstanceData instances[]; };
layout(std430, binding = 1) writeonly buffer IndirectDraws { IndexedIndirectCommand indirectDraws[]; };
layout(binding = 2) uniform UBO {
    mat4 projection;
    mat4 modelview;
    vec4 cameraPos;
    vec4 frustumPlanes[6];
} ubo;
layout(std430, binding = 3) buffer UBOOut {
    uint drawCount;
    uint lodCount[4];
} uboOut;
layout(std430, binding = 4) buffer Visible { uint visibleIds[]; };

layout(constant_id = 0) const uint MAX_LOD_LEVEL = 3;

bool frustumCheck(vec4 pos, float radius) {
    for (int i = 0; i < 6; i++) {
        if (dot(pos, ubo.frustumPlanes[i]) + radius < 0.0) return false;
    }
    return true;
}

void main() {
    uint idx = gl_GlobalInvocationID.x + gl_GlobalInvocationID.y * gl_NumWorkGroups.x * gl_WorkGroupSize.x;
    if (idx >= instances.length()) return;
    vec4 pos = vec4(instances[idx].pos.xyz, 1.0);
    if (frustumCheck(pos, 1.0 * instances[idx].scale)) {
        indirectDraws[idx].instanceCount = 1;
        uint lodLevel = MAX_LOD_LEVEL;
        float dist = distance(instances[idx].pos.xyz, ubo.cameraPos.xyz);
        for (uint i = 0; i < MAX_LOD_LEVEL; i++) {
            if (dist < float(i + 1) * 8.0) { lodLevel = i; break; }
        }
        indirectDraws[idx].firstIndex = instances[idx].lodBase + lodLevel;
        uint slot = atomicAdd(uboOut.drawCount, 1);
        visibleIds[slot] = idx;
        atomicAdd(uboOut.lodCount[lodLevel], 1);
    } else {
        indirectDraws[idx].instanceCount = 0;
    }
}
