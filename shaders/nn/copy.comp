#version 450
// Measured bandwidth: dst[i] = src[i] over `count` vec4s (16-byte loads and stores), one
// vec4 per invocation on a 2-D grid of workgroups so that large buffers fit the grid limits.
// The host compares the copy with the source; the figure is 2 * 16 * count bytes per run.

layout(local_size_x = 256) in;

layout(set = 0, binding = 0) uniform Params {
    uint count;
    uint unused0;
    uint unused1;
    uint unused2;
};
layout(set = 0, binding = 1) readonly buffer Src { vec4 src[]; };
layout(set = 0, binding = 3) writeonly buffer Dst { vec4 dst[]; };

void main() {
    uint group = gl_WorkGroupID.y * gl_NumWorkGroups.x + gl_WorkGroupID.x;
    uint i = group * 256u + gl_LocalInvocationID.x;
    if (i >= count) {
        return;
    }
    dst[i] = src[i];
}
