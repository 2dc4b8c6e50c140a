#version 450
// C = op(A) * op(B), optionally fused with C = act(C + bias) (bias per column of C).
//
// Row-major storage. op(A) is M x K: A is stored M x K (TRANS_A 0) or K x M (TRANS_A 1).
// op(B) is K x N: B is stored K x N (TRANS_B 0) or N x K (TRANS_B 1). C is M x N.
//
// Specialised by defines (prism bench passes them; all default to 0):
//   TRANS_A, TRANS_B  the four transpose combinations
//   VEC_A, VEC_B      load A / B as vec4; the host sets them only when the dimension that is
//                     contiguous in memory is a multiple of 4 (K for A, M for Aᵀ, N for B, K for Bᵀ)
//   VEC_C             store C as vec4; only when N is a multiple of 4
//   EPILOGUE          add bias[n] then apply ACT (0 linear, 1 relu, 2 sigmoid, 3 tanh)
//   WG, BK            the tile configuration the autotuner picks (default 16 and 16)
//
// Tiling: a WG x WG workgroup computes a (4 WG) x (4 WG) tile of C; each invocation owns a 4x4
// block held in registers. Each step stages a BM x BK slice of op(A) and a BK x BN slice of
// op(B) in workgroup memory, stored k-major as vec4 so that the inner loop reads one vec4 of A
// and one vec4 of B per k and does 16 FMAs with them. BK must be a multiple of 4.
#ifndef TRANS_A
#define TRANS_A 0
#endif
#ifndef TRANS_B
#define TRANS_B 0
#endif
#ifndef VEC_A
#define VEC_A 0
#endif
#ifndef VEC_B
#define VEC_B 0
#endif
#ifndef VEC_C
#define VEC_C 0
#endif
#ifndef EPILOGUE
#define EPILOGUE 0
#endif
#ifndef ACT
#define ACT 0
#endif

#ifndef WG
#define WG 16
#endif
#ifndef BK
#define BK 16
#endif

#define BM (4 * WG)
#define BN (4 * WG)
#define THREADS (WG * WG)
// Loads per invocation per step: scalar, and vec4 rounded up (the extra ones are guarded).
#define SCALAR_LOADS ((BM * BK) / THREADS)
#define VEC_LOADS ((BM * BK / 4 + THREADS - 1) / THREADS)

layout(local_size_x = WG, local_size_y = WG) in;

layout(set = 0, binding = 0) uniform Params {
    uint M;
    uint N;
    uint K;
    uint unused;
};

#if VEC_A
layout(set = 0, binding = 1) readonly buffer MatA { vec4 a4[]; };
#else
layout(set = 0, binding = 1) readonly buffer MatA { float a[]; };
#endif
#if VEC_B
layout(set = 0, binding = 2) readonly buffer MatB { vec4 b4[]; };
#else
layout(set = 0, binding = 2) readonly buffer MatB { float b[]; };
#endif
#if VEC_C
layout(set = 0, binding = 3) writeonly buffer MatC { vec4 c4[]; };
#else
layout(set = 0, binding = 3) writeonly buffer MatC { float c[]; };
#endif
#if EPILOGUE
layout(set = 0, binding = 4) readonly buffer Bias { float bias[]; };
#endif

// tileA[k][i] holds op(A) rows 4i..4i+3 of the tile at column k; tileB[k][j] holds op(B)
// columns 4j..4j+3 at row k.
shared vec4 tileA[BK][BM / 4];
shared vec4 tileB[BK][BN / 4];

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

void loadTileA(uint m0, uint k0, uint tid) {
#if TRANS_A == 0 && VEC_A
    // A is M x K, K % 4 == 0: one vec4 along k per load, scattered into 4 k rows.
    for (uint i = 0u; i < uint(VEC_LOADS); i++) {
        uint v4 = tid + i * uint(THREADS);
        if (v4 >= uint(BM * BK / 4)) {
            break;
        }
        uint r = v4 / uint(BK / 4);
        uint kq = (v4 % uint(BK / 4)) * 4u;
        uint gm = m0 + r;
        uint gk = k0 + kq;
        vec4 v = (gm < M && gk < K) ? a4[(gm * K + gk) / 4u] : vec4(0.0);
        tileA[kq][r / 4u][r % 4u] = v.x;
        tileA[kq + 1u][r / 4u][r % 4u] = v.y;
        tileA[kq + 2u][r / 4u][r % 4u] = v.z;
        tileA[kq + 3u][r / 4u][r % 4u] = v.w;
    }
#elif TRANS_A == 1 && VEC_A
    // A is K x M, M % 4 == 0: a vec4 along m is already one tile entry.
    for (uint i = 0u; i < uint(VEC_LOADS); i++) {
        uint v4 = tid + i * uint(THREADS);
        if (v4 >= uint(BM * BK / 4)) {
            break;
        }
        uint kk = v4 / uint(BM / 4);
        uint mq = (v4 % uint(BM / 4)) * 4u;
        uint gk = k0 + kk;
        uint gm = m0 + mq;
        tileA[kk][mq / 4u] = (gk < K && gm < M) ? a4[(gk * M + gm) / 4u] : vec4(0.0);
    }
#else
    for (uint i = 0u; i < uint(SCALAR_LOADS); i++) {
        uint idx = tid + i * uint(THREADS);
#if TRANS_A == 0
        uint r = idx / uint(BK);
        uint kk = idx % uint(BK);
        uint gm = m0 + r;
        uint gk = k0 + kk;
        float v = (gm < M && gk < K) ? a[gm * K + gk] : 0.0;
#else
        uint kk = idx / uint(BM);
        uint r = idx % uint(BM);
        uint gm = m0 + r;
        uint gk = k0 + kk;
        float v = (gm < M && gk < K) ? a[gk * M + gm] : 0.0;
#endif
        tileA[kk][r / 4u][r % 4u] = v;
    }
#endif
}

void loadTileB(uint n0, uint k0, uint tid) {
#if TRANS_B == 0 && VEC_B
    // B is K x N, N % 4 == 0: a vec4 along n is one tile entry.
    for (uint i = 0u; i < uint(VEC_LOADS); i++) {
        uint v4 = tid + i * uint(THREADS);
        if (v4 >= uint(BN * BK / 4)) {
            break;
        }
        uint kk = v4 / uint(BN / 4);
        uint nq = (v4 % uint(BN / 4)) * 4u;
        uint gk = k0 + kk;
        uint gn = n0 + nq;
        tileB[kk][nq / 4u] = (gk < K && gn < N) ? b4[(gk * N + gn) / 4u] : vec4(0.0);
    }
#elif TRANS_B == 1 && VEC_B
    // B is N x K, K % 4 == 0: one vec4 along k, scattered into 4 k rows.
    for (uint i = 0u; i < uint(VEC_LOADS); i++) {
        uint v4 = tid + i * uint(THREADS);
        if (v4 >= uint(BN * BK / 4)) {
            break;
        }
        uint cidx = v4 / uint(BK / 4);
        uint kq = (v4 % uint(BK / 4)) * 4u;
        uint gn = n0 + cidx;
        uint gk = k0 + kq;
        vec4 v = (gn < N && gk < K) ? b4[(gn * K + gk) / 4u] : vec4(0.0);
        tileB[kq][cidx / 4u][cidx % 4u] = v.x;
        tileB[kq + 1u][cidx / 4u][cidx % 4u] = v.y;
        tileB[kq + 2u][cidx / 4u][cidx % 4u] = v.z;
        tileB[kq + 3u][cidx / 4u][cidx % 4u] = v.w;
    }
#else
    for (uint i = 0u; i < uint(SCALAR_LOADS); i++) {
        uint idx = tid + i * uint(THREADS);
#if TRANS_B == 0
        uint kk = idx / uint(BN);
        uint cidx = idx % uint(BN);
        uint gk = k0 + kk;
        uint gn = n0 + cidx;
        float v = (gk < K && gn < N) ? b[gk * N + gn] : 0.0;
#else
        uint cidx = idx / uint(BK);
        uint kk = idx % uint(BK);
        uint gk = k0 + kk;
        uint gn = n0 + cidx;
        float v = (gk < K && gn < N) ? b[gn * K + gk] : 0.0;
#endif
        tileB[kk][cidx / 4u][cidx % 4u] = v;
    }
#endif
}

void main() {
    uint lx = gl_LocalInvocationID.x;
    uint ly = gl_LocalInvocationID.y;
    uint tid = ly * uint(WG) + lx;
    uint m0 = gl_WorkGroupID.y * uint(BM);
    uint n0 = gl_WorkGroupID.x * uint(BN);

    vec4 acc0 = vec4(0.0);
    vec4 acc1 = vec4(0.0);
    vec4 acc2 = vec4(0.0);
    vec4 acc3 = vec4(0.0);

    for (uint k0 = 0u; k0 < K; k0 += uint(BK)) {
        loadTileA(m0, k0, tid);
        loadTileB(n0, k0, tid);
        barrier();
        for (uint kk = 0u; kk < uint(BK); kk++) {
            vec4 av = tileA[kk][ly];
            vec4 bv = tileB[kk][lx];
            acc0 = fma(vec4(av.x), bv, acc0);
            acc1 = fma(vec4(av.y), bv, acc1);
            acc2 = fma(vec4(av.z), bv, acc2);
            acc3 = fma(vec4(av.w), bv, acc3);
        }
        barrier();
    }

    uint gn = n0 + lx * 4u;
#if EPILOGUE
    vec4 bias4 = vec4(
        gn < N ? bias[gn] : 0.0,
        gn + 1u < N ? bias[gn + 1u] : 0.0,
        gn + 2u < N ? bias[gn + 2u] : 0.0,
        gn + 3u < N ? bias[gn + 3u] : 0.0);
#endif
    for (uint i = 0u; i < 4u; i++) {
        uint gm = m0 + ly * 4u + i;
        if (gm >= M) {
            break;
        }
        vec4 v = i == 0u ? acc0 : (i == 1u ? acc1 : (i == 2u ? acc2 : acc3));
#if EPILOGUE
        v += bias4;
        v = vec4(activate(v.x), activate(v.y), activate(v.z), activate(v.w));
#endif
#if VEC_C
        if (gn < N) {
            c4[(gm * N + gn) / 4u] = v;
        }
#else
        for (uint j = 0u; j < 4u; j++) {
            if (gn + j < N) {
                c[gm * N + gn + j] = v[j];
            }
        }
#endif
    }
}
