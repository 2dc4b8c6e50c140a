#version 460

#define TILE_SIZE 16
#define MAX_LIGHTS_PER_TILE 256

layout(local_size_x = TILE_SIZE, local_size_y = TILE_SIZE, local_size_z = 1) in;

struct PointLight {
    vec4 positionRadius;
    vec4 color;
};

layout(std430, set = 0, binding = 0) readonly buffer Lights {
    uint lightCount;
    PointLight lights[];
};
layout(std430, set = 0, binding = 1) writeonly buffer TileLights {
    uint tileLightIndices[];
};
layout(set = 0, binding = 2) uniform sampler2D depthBuffer;
layout(set = 0, binding = 3) uniform Camera {
    mat4 view;
    mat4 proj;
    mat4 invProj;
    uvec2 screenSize;
    uint tileCountX;
};

shared uint minDepthInt;
shared uint maxDepthInt;
shared uint visibleLightCount;
shared uint visibleLightIndices[MAX_LIGHTS_PER_TILE];
shared vec4 frustumPlanes[6];

void main() {
    ivec2 location = ivec2(gl_GlobalInvocationID.xy);
    ivec2 tileID = ivec2(gl_WorkGroupID.xy);
    ivec2 tileNumber = ivec2(gl_NumWorkGroups.xy);
    uint index = tileID.y * tileNumber.x + tileID.x;
    if (gl_LocalInvocationIndex == 0) {
        minDepthInt = 0xFFFFFFFF;
        maxDepthInt = 0;
        visibleLightCount = 0;
    }
    barrier();
    vec2 uv = (vec2(location) + 0.5) / vec2(screenSize);
    float depth = texture(depthBuffer, uv).r;
    uint depthInt = floatBitsToUint(depth);
    atomicMin(minDepthInt, depthInt);
    atomicMax(maxDepthInt, depthInt);
    barrier();
    if (gl_LocalInvocationIndex == 0) {
        float minDepth = uintBitsToFloat(minDepthInt);
        float maxDepth = uintBitsToFloat(maxDepthInt);
        vec2 negativeStep = (2.0 * vec2(tileID)) / vec2(tileNumber);
        vec2 positiveStep = (2.0 * vec2(tileID + ivec2(1, 1))) / vec2(tileNumber);
        frustumPlanes[0] = vec4(1.0, 0.0, 0.0, 1.0 - negativeStep.x);
        frustumPlanes[1] = vec4(-1.0, 0.0, 0.0, -1.0 + positiveStep.x);
        frustumPlanes[2] = vec4(0.0, 1.0, 0.0, 1.0 - negativeStep.y);
        frustumPlanes[3] = vec4(0.0, -1.0, 0.0, -1.0 + positiveStep.y);
        frustumPlanes[4] = vec4(0.0, 0.0, -1.0, -minDepth);
        frustumPlanes[5] = vec4(0.0, 0.0, 1.0, maxDepth);
        for (uint i = 0; i < 4; i++) {
            frustumPlanes[i] *= proj * view;
            frustumPlanes[i] /= length(frustumPlanes[i].xyz);
        }
        frustumPlanes[4] *= view;
        frustumPlanes[4] /= length(frustumPlanes[4].xyz);
        frustumPlanes[5] *= view;
        frustumPlanes[5] /= length(frustumPlanes[5].xyz);
    }
    barrier();
    uint threadCount = TILE_SIZE * TILE_SIZE;
    uint passCount = (lightCount + threadCount - 1) / threadCount;
    for (uint i = 0; i < passCount; i++) {
        uint lightIndex = i * threadCount + gl_LocalInvocationIndex;
        if (lightIndex >= lightCount) break;
        vec4 position = vec4(lights[lightIndex].positionRadius.xyz, 1.0);
        float radius = lights[lightIndex].positionRadius.w;
        float distance = 0.0;
        for (uint j = 0; j < 6; j++) {
            distance = dot(position, frustumPlanes[j]) + radius;
            if (distance <= 0.0) break;
        }
        if (distance > 0.0) {
            uint offset = atomicAdd(visibleLightCount, 1);
            if (offset < MAX_LIGHTS_PER_TILE) visibleLightIndices[offset] = lightIndex;
        }
    }
    barrier();
    if (gl_LocalInvocationIndex == 0) {
        uint offset = index * MAX_LIGHTS_PER_TILE;
        uint n = min(visibleLightCount, MAX_LIGHTS_PER_TILE);
        for (uint i = 0; i < n; i++) tileLightIndices[offset + i] = visibleLightIndices[i];
        if (n != MAX_LIGHTS_PER_TILE) tileLightIndices[offset + n] = 0xFFFFFFFFu;
    }
}
