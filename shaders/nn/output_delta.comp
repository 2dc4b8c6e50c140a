#version 450
// The output layer's error δ over a rows x cols row-major matrix (rows = batch):
//   COST 0, quadratic cost ½‖a − y‖²:         δ = (a − y) * act'(z)
//   COST 1, cross-entropy after a sigmoid:     δ = a − y   (σ' cancels; z is not read)
// ACT (quadratic only): 0 linear, 1 relu, 2 sigmoid, 3 tanh.
#ifndef COST
#define COST 0
#endif
#ifndef ACT
#define ACT 2
#endif

layout(local_size_x = 256) in;

layout(set = 0, binding = 0) uniform Params {
    uint rows;
    uint cols;
    uint unused0;
    uint unused1;
};
layout(set = 0, binding = 1) readonly buffer A { float a[]; };
layout(set = 0, binding = 2) readonly buffer Y { float y[]; };
layout(set = 0, binding = 3) writeonly buffer Out { float outv[]; };
#if COST == 0
layout(set = 0, binding = 4) readonly buffer Z { float z[]; };

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
#endif

void main() {
    uint group = gl_WorkGroupID.y * gl_NumWorkGroups.x + gl_WorkGroupID.x;
    uint idx = group * 256u + gl_LocalInvocationID.x;
    if (idx >= rows * cols) {
        return;
    }
#if COST == 0
    outv[idx] = (a[idx] - y[idx]) * derivative(z[idx]);
#else
    outv[idx] = a[idx] - y[idx];
#endif
}
