#version 450
// Parallel sum: each workgroup reduces 256 floats in shared memory and
// writes one partial sum; a second dispatch reduces the partials.
layout(local_size_x = 256) in;

layout(set = 0, binding = 0) readonly buffer Input {
    float values[];
};

layout(set = 0, binding = 1) writeonly buffer Output {
    float partialSums[];
};

layout(push_constant) uniform Params {
    uint count;
} params;

shared float partial[256];

void main() {
    uint lid = gl_LocalInvocationID.x;
    uint gid = gl_WorkGroupID.x * 256u + lid;

    partial[lid] = gid < params.count ? values[gid] : 0.0;
    barrier();

    for (uint stride = 128u; stride > 0u; stride >>= 1) {
        if (lid < stride) {
            partial[lid] += partial[lid + stride];
        }
        barrier();
    }

    if (lid == 0u) {
        partialSums[gl_WorkGroupID.x] = partial[0];
    }
}
