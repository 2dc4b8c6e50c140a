#version 450
// SGD with momentum, in place over n parameters:
//   v = momentum * v - rate * g;   w += v
// The caller folds 1/batch into `rate` when g is a sum over the batch.
layout(local_size_x = 256) in;

layout(set = 0, binding = 0) uniform Params {
    uint n;
    float rate;
    float momentum;
    uint unused;
};
layout(set = 0, binding = 1) readonly buffer G { float g[]; };
layout(set = 0, binding = 2) buffer V { float v[]; };
layout(set = 0, binding = 3) buffer W { float w[]; };

void main() {
    uint group = gl_WorkGroupID.y * gl_NumWorkGroups.x + gl_WorkGroupID.x;
    uint idx = group * 256u + gl_LocalInvocationID.x;
    if (idx >= n) {
        return;
    }
    float velocity = momentum * v[idx] - rate * g[idx];
    v[idx] = velocity;
    w[idx] += velocity;
}
