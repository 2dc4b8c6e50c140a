#version 450

layout(local_size_x = 256) in;

layout(std430, binding = 0) readonly buffer Input { float data[]; };
layout(std430, binding = 1) writeonly buffer Output { float partial[]; };
layout(push_constant) uniform PC { uint count; } pc;

shared float sdata[256];

void main() {
    uint tid = gl_LocalInvocationID.x;
    uint i = gl_WorkGroupID.x * (gl_WorkGroupSize.x * 2) + tid;
    float v = 0.0;
    if (i < pc.count) v = data[i];
    if (i + gl_WorkGroupSize.x < pc.count) v += data[i + gl_WorkGroupSize.x];
    sdata[tid] = v;
    barrier();
    for (uint s = gl_WorkGroupSize.x / 2; s > 0; s >>= 1) {
        if (tid < s) sdata[tid] += sdata[tid + s];
        barrier();
    }
    if (tid == 0) partial[gl_WorkGroupID.x] = sdata[0];
}
