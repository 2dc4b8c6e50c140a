#version 450
// Measured FLOP peak: every invocation runs CHAINS independent FMA chains
// x <- fma(x, a, b) for `iters` steps on registers, then writes the sum of its chains.
// VEC4 = 1 makes every chain a vec4 (four lanes per instruction).
// `a` and `iters` come from a uniform, so the compiler can neither fold the chains nor
// shorten the loop; the single store keeps every chain alive. With 0 < a < 1 the chain is
// contractive (rounding errors do not grow), and the host checks each output against the
// closed form x_n = a^n x_0 + b (1 - a^n) / (1 - a) in f64.
#ifndef VEC4
#define VEC4 0
#endif

#if VEC4 == 1
#define T vec4
#else
#define T float
#endif

layout(local_size_x = 256) in;

layout(set = 0, binding = 0) uniform Params {
    uint invocations;
    uint iters;
    float a;
    float b_step;
};
layout(set = 0, binding = 3) writeonly buffer Out { float outv[]; };

// The start of chain c of invocation i (lane l for vec4): small, distinct, exact in f32.
float start(uint i, uint c, uint l) {
    return float((i * 8u + c * 4u + l) % 1024u) * (1.0 / 1024.0);
}

T start_chain(uint i, uint c) {
#if VEC4 == 1
    return vec4(start(i, c, 0u), start(i, c, 1u), start(i, c, 2u), start(i, c, 3u));
#else
    return T(start(i, c, 0u));
#endif
}

void main() {
    uint group = gl_WorkGroupID.y * gl_NumWorkGroups.x + gl_WorkGroupID.x;
    uint i = group * 256u + gl_LocalInvocationID.x;
    if (i >= invocations) {
        return;
    }
    T va = T(a);
    T b0 = T(b_step * 1.0);
    T b1 = T(b_step * 2.0);
    T b2 = T(b_step * 3.0);
    T b3 = T(b_step * 4.0);
    T b4 = T(b_step * 5.0);
    T b5 = T(b_step * 6.0);
    T b6 = T(b_step * 7.0);
    T b7 = T(b_step * 8.0);
    T x0 = start_chain(i, 0u);
    T x1 = start_chain(i, 1u);
    T x2 = start_chain(i, 2u);
    T x3 = start_chain(i, 3u);
    T x4 = start_chain(i, 4u);
    T x5 = start_chain(i, 5u);
    T x6 = start_chain(i, 6u);
    T x7 = start_chain(i, 7u);
    for (uint n = 0u; n < iters; n++) {
        x0 = fma(x0, va, b0);
        x1 = fma(x1, va, b1);
        x2 = fma(x2, va, b2);
        x3 = fma(x3, va, b3);
        x4 = fma(x4, va, b4);
        x5 = fma(x5, va, b5);
        x6 = fma(x6, va, b6);
        x7 = fma(x7, va, b7);
    }
    T sum = ((x0 + x1) + (x2 + x3)) + ((x4 + x5) + (x6 + x7));
#if VEC4 == 1
    outv[i] = (sum.x + sum.y) + (sum.z + sum.w);
#else
    outv[i] = sum;
#endif
}
