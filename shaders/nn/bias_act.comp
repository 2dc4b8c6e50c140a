#version 450
// out[r][c] = act(z[r][c] + bias[c]) over a rows x cols row-major matrix (bias per column).
// ACT: 0 linear, 1 relu, 2 sigmoid, 3 tanh. One invocation per element; the grid is 2-D
// (x * y workgroups) so that more than 65535 * 256 elements fit.
#ifndef ACT
#define ACT 0
#endif

layout(local_size_x = 256) in;

layout(set = 0, binding = 0) uniform Params {
    uint rows;
    uint cols;
    uint unused0;
    uint unused1;
};
layout(set = 0, binding = 1) readonly buffer Z { float z[]; };
layout(set = 0, binding = 2) readonly buffer Bias { float bias[]; };
layout(set = 0, binding = 3) writeonly buffer Out { float outv[]; };

float activate(float x) {
#if ACT == 1
    return max(x, 0.0);
#elif ACT == 2
    return 1.0 / (1.0 + exp(-x));
#elif ACT == 3
    return tanh(x);
#else
    return x;
#endif
}

void main() {
    uint group = gl_WorkGroupID.y * gl_NumWorkGroups.x + gl_WorkGroupID.x;
    uint idx = group * 256u + gl_LocalInvocationID.x;
    if (idx >= rows * cols) {
        return;
    }
    outv[idx] = activate(z[idx] + bias[idx % cols]);
}
