#version 450

layout(local_size_x = 512) in;

layout(std430, set = 0, binding = 0) buffer Data { uint values[]; };
layout(std430, set = 0, binding = 1) buffer BlockSums { uint blockSums[]; };

shared uint temp[2][512];

void main() {
    uint lid = gl_LocalInvocationID.x;
    uint gid = gl_GlobalInvocationID.x;
    uint pout = 0u, pin = 1u;
    temp[pout][lid] = (lid > 0u) ? values[gid - 1u] : 0u;
    barrier();
    for (uint offset = 1u; offset < 512u; offset *= 2u) {
        pout = 1u - pout;
        pin = 1u - pout;
        if (lid >= offset)
            temp[pout][lid] = temp[pin][lid] + temp[pin][lid - offset];
        else
            temp[pout][lid] = temp[pin][lid];
        barrier();
    }
    values[gid] = temp[pout][lid];
    if (lid == 511u) blockSums[gl_WorkGroupID.x] = temp[pout][lid] + values[gid];
}
