#version 450
// The backward step of an activation: out = g * act'(z), elementwise over n values, where z
// is the pre-activation and g the gradient arriving from the layer above.
// ACT: 0 linear, 1 relu, 2 sigmoid, 3 tanh.
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
layout(set = 0, binding = 2) readonly buffer G { float g[]; };
layout(set = 0, binding = 3) writeonly buffer Out { float outv[]; };

float derivative(float x) {
#if ACT == 1
    return x > 0.0 ? 1.0 : 0.0;
#elif ACT == 2
    float s = 1.0 / (1.0 + exp(-x));
    return s * (1.0 - s);
#elif ACT == 3
    float t = tanh(x);
    return 1.0 - t * t;
#else
    return 1.0;
#endif
}

void main() {
    uint group = gl_WorkGroupID.y * gl_NumWorkGroups.x + gl_WorkGroupID.x;
    uint idx = group * 256u + gl_LocalInvocationID.x;
    if (idx >= rows * cols) {
        return;
    }
    outv[idx] = g[idx] * derivative(z[idx]);
}
