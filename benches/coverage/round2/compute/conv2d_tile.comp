#version 450

layout(local_size_x = 8, local_size_y = 8, local_size_z = 1) in;

layout(constant_id = 0) const uint KERNEL = 3;
layout(constant_id = 1) const uint IN_CHANNELS = 4;

layout(set = 0, binding = 0) readonly buffer Input { vec4 inputPixels[]; };
layout(set = 0, binding = 1) readonly buffer Weights { mat4 weights[]; };
layout(set = 0, binding = 2) readonly buffer Bias { vec4 bias[]; };
layout(set = 0, binding = 3) writeonly buffer Output { vec4 outputPixels[]; };

layout(push_constant) uniform Shape {
    uint width;
    uint height;
    uint outChannelGroup;
} shape;

shared vec4 tile[10][10];

void main() {
    ivec2 gid = ivec2(gl_GlobalInvocationID.xy);
    ivec2 lid = ivec2(gl_LocalInvocationID.xy);
    ivec2 base = ivec2(gl_WorkGroupID.xy * gl_WorkGroupSize.xy) - 1;
    for (int y = lid.y; y < 10; y += 8) {
        for (int x = lid.x; x < 10; x += 8) {
            ivec2 p = clamp(base + ivec2(x, y), ivec2(0), ivec2(shape.width - 1, shape.height - 1));
            tile[y][x] = inputPixels[p.y * int(shape.width) + p.x];
        }
    }
    memoryBarrierShared();
    barrier();
    if (gid.x >= int(shape.width) || gid.y >= int(shape.height)) return;
    vec4 acc = bias[shape.outChannelGroup];
    for (uint ky = 0; ky < KERNEL; ky++) {
        for (uint kx = 0; kx < KERNEL; kx++) {
            mat4 w = weights[(shape.outChannelGroup * KERNEL + ky) * KERNEL + kx];
            acc += w * tile[lid.y + int(ky)][lid.x + int(kx)];
        }
    }
    outputPixels[gid.y * int(shape.width) + gid.x] = max(acc, vec4(0.0));
}
