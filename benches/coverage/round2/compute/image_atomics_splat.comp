#version 450

layout(local_size_x = 64) in;

layout(set = 0, binding = 0, r32ui) uniform coherent uimage2D accumImage;
layout(set = 0, binding = 1, r32i) uniform iimage2D minDepthImage;
layout(std430, set = 0, binding = 2) readonly buffer Points { vec4 points[]; };
layout(set = 0, binding = 3) uniform Cam { mat4 viewProj; uvec2 size; };

void main() {
    uint i = gl_GlobalInvocationID.x;
    if (i >= points.length()) return;
    vec4 clip = viewProj * vec4(points[i].xyz, 1.0);
    if (clip.w <= 0.0) return;
    vec2 ndc = clip.xy / clip.w;
    ivec2 px = ivec2((ndc * 0.5 + 0.5) * vec2(size));
    if (any(lessThan(px, ivec2(0))) || any(greaterThanEqual(px, ivec2(size)))) return;
    int depthKey = int(clip.z / clip.w * 16777215.0);
    imageAtomicMin(minDepthImage, px, depthKey);
    uint prev = imageAtomicAdd(accumImage, px, 1u);
    imageAtomicOr(accumImage, px, prev & 0x80000000u);
    imageAtomicMax(minDepthImage, px + ivec2(1, 0), -depthKey);
    imageAtomicAnd(accumImage, px + ivec2(0, 1), 0x7FFFFFFFu);
    imageAtomicXor(accumImage, px + ivec2(1, 1), 1u);
}
