#version 450
// C = op(A) * op(B), optionally fused with C = act(C + bias) (bias per column of C): the
// register-blocked GEMM for real GPUs. Same operands, layouts and defines as gemm.comp
// (TRANS_A, TRANS_B, VEC_A, VEC_B, VEC_C, EPILOGUE, ACT), a different tile:
//
//   WGX, WGY   invocations along n and m (default 16 x 16)
//   TM, TN     the register block: TM rows x TN columns of C per invocation (multiples of 4;
//              default 8 x 8), so the tile of C is BM = TM * WGY by BN = TN * WGX (128 x 128)
//   BK         the k step staged in workgroup memory (a multiple of 4; default 8)
//
// Workgroup memory is double-buffered: while the invocations multiply out of one buffer, the
// next k step's slices are already loading from global memory into registers, and go to the
// other buffer after the multiply; one barrier per k step. 2 buffers x (BM + BN) x BK floats:
// 16 KiB at 128 x 128 x 8, exactly the WebGPU default `maxComputeWorkgroupStorageSize`.
//
// Global loads move "units" of 4 consecutive elements along the operand's contiguous
// direction: one vec4 when VEC_A / VEC_B says that direction is a multiple of 4, else four
// guarded scalar loads. Every guard is an `if`, never a `?:` (naga turns `?:` into a select,
// which evaluates both sides: an out-of-bounds read in an unchecked build).
//
// Each invocation owns the vec4 columns tx + j * WGX and the vec4 rows ty + i * WGY of the
// tile (strided, so neighbouring invocations read neighbouring vec4s of workgroup memory), and
// writes its results as vec4 rows of C when VEC_C.
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
#ifndef WGX
#define WGX 16
#endif
#ifndef WGY
#define WGY 16
#endif
#ifndef TM
#define TM 8
#endif
#ifndef TN
#define TN 8
#endif
#ifndef BK
#define BK 8
#endif

#define BM (TM * WGY)
#define BN (TN * WGX)
#define THREADS (WGX * WGY)
#define ROWS4 (TM / 4)
#define COLS4 (TN / 4)
#define UNITS_A (BM * BK / 4)
#define UNITS_B (BN * BK / 4)
#define LOADS_A ((UNITS_A + THREADS - 1) / THREADS)
#define LOADS_B ((UNITS_B + THREADS - 1) / THREADS)
// One buffer of each tile, in vec4s.
#define SLICE_A (BK * (BM / 4))
#define SLICE_B (BK * (BN / 4))

layout(local_size_x = WGX, local_size_y = WGY) in;

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

// tileA[buf * SLICE_A + k * (BM / 4) + q] holds op(A) rows 4q..4q+3 of the tile at column k;
// tileB[buf * SLICE_B + k * (BN / 4) + p] holds op(B) columns 4p..4p+3 at row k.
shared vec4 tileA[2 * SLICE_A];
shared vec4 tileB[2 * SLICE_B];

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

// Unit u of op(A)'s slice at (m0, k0). A is M x K: 4 consecutive k of one row; A is K x M
// (transposed): 4 consecutive m of one k row. Outside the matrix: zeros.
vec4 fetchA(uint u, uint m0, uint k0) {
    vec4 v = vec4(0.0);
#if TRANS_A == 0
    uint gm = m0 + u / uint(BK / 4);
    uint gk = k0 + (u % uint(BK / 4)) * 4u;
    if (gm < M) {
#if VEC_A
        if (gk < K) {
            v = a4[(gm * K + gk) / 4u];
        }
#else
        uint base = gm * K + gk;
        for (uint e = 0u; e < 4u; e++) {
            if (gk + e < K) {
                v[e] = a[base + e];
            }
        }
#endif
    }
#else
    uint gk = k0 + u / uint(BM / 4);
    uint gm = m0 + (u % uint(BM / 4)) * 4u;
    if (gk < K) {
#if VEC_A
        if (gm < M) {
            v = a4[(gk * M + gm) / 4u];
        }
#else
        uint base = gk * M + gm;
        for (uint e = 0u; e < 4u; e++) {
            if (gm + e < M) {
                v[e] = a[base + e];
            }
        }
#endif
    }
#endif
    return v;
}

// Unit u of op(B)'s slice at (k0, n0). B is K x N: 4 consecutive n of one k row; B is N x K
// (transposed): 4 consecutive k of one column.
vec4 fetchB(uint u, uint n0, uint k0) {
    vec4 v = vec4(0.0);
#if TRANS_B == 0
    uint gk = k0 + u / uint(BN / 4);
    uint gn = n0 + (u % uint(BN / 4)) * 4u;
    if (gk < K) {
#if VEC_B
        if (gn < N) {
            v = b4[(gk * N + gn) / 4u];
        }
#else
        uint base = gk * N + gn;
        for (uint e = 0u; e < 4u; e++) {
            if (gn + e < N) {
                v[e] = b[base + e];
            }
        }
#endif
    }
#else
    uint gn = n0 + u / uint(BK / 4);
    uint gk = k0 + (u % uint(BK / 4)) * 4u;
    if (gn < N) {
#if VEC_B
        if (gk < K) {
            v = b4[(gn * K + gk) / 4u];
        }
#else
        uint base = gn * K + gk;
        for (uint e = 0u; e < 4u; e++) {
            if (gk + e < K) {
                v[e] = b[base + e];
            }
        }
#endif
    }
#endif
    return v;
}

// Unit u of A into buffer `buf`: a unit along k scatters over 4 k rows, a unit along m is one
// tile entry.
void storeA(uint buf, uint u, vec4 v) {
    uint base = buf * uint(SLICE_A);
#if TRANS_A == 0
    uint r = u / uint(BK / 4);
    uint kq = (u % uint(BK / 4)) * 4u;
    for (uint e = 0u; e < 4u; e++) {
        tileA[base + (kq + e) * uint(BM / 4) + r / 4u][r % 4u] = v[e];
    }
#else
    uint kk = u / uint(BM / 4);
    uint q = u % uint(BM / 4);
    tileA[base + kk * uint(BM / 4) + q] = v;
#endif
}

void storeB(uint buf, uint u, vec4 v) {
    uint base = buf * uint(SLICE_B);
#if TRANS_B == 0
    uint kk = u / uint(BN / 4);
    uint p = u % uint(BN / 4);
    tileB[base + kk * uint(BN / 4) + p] = v;
#else
    uint col = u / uint(BK / 4);
    uint kq = (u % uint(BK / 4)) * 4u;
    for (uint e = 0u; e < 4u; e++) {
        tileB[base + (kq + e) * uint(BN / 4) + col / 4u][col % 4u] = v[e];
    }
#endif
}

void main() {
    uint tx = gl_LocalInvocationID.x;
    uint ty = gl_LocalInvocationID.y;
    uint tid = ty * uint(WGX) + tx;
    uint m0 = gl_WorkGroupID.y * uint(BM);
    uint n0 = gl_WorkGroupID.x * uint(BN);

    // acc[(4 i + r) * COLS4 + j]: row 4 (ty + i WGY) + r, vec4 column tx + j WGX of the tile.
    vec4 acc[TM * COLS4];
    for (uint i = 0u; i < uint(TM * COLS4); i++) {
        acc[i] = vec4(0.0);
    }
    vec4 nextA[LOADS_A];
    vec4 nextB[LOADS_B];

    uint steps = (K + uint(BK) - 1u) / uint(BK);
    for (uint l = 0u; l < uint(LOADS_A); l++) {
        uint u = tid + l * uint(THREADS);
        if (u < uint(UNITS_A)) {
            storeA(0u, u, fetchA(u, m0, 0u));
        }
    }
    for (uint l = 0u; l < uint(LOADS_B); l++) {
        uint u = tid + l * uint(THREADS);
        if (u < uint(UNITS_B)) {
            storeB(0u, u, fetchB(u, n0, 0u));
        }
    }
    barrier();

    for (uint s = 0u; s < steps; s++) {
        uint cur = s % 2u;
        bool more = s + 1u < steps;
        uint k1 = (s + 1u) * uint(BK);
        // The next step's slices: issued before the multiply, stored after it.
        if (more) {
            for (uint l = 0u; l < uint(LOADS_A); l++) {
                uint u = tid + l * uint(THREADS);
                if (u < uint(UNITS_A)) {
                    nextA[l] = fetchA(u, m0, k1);
                }
            }
            for (uint l = 0u; l < uint(LOADS_B); l++) {
                uint u = tid + l * uint(THREADS);
                if (u < uint(UNITS_B)) {
                    nextB[l] = fetchB(u, n0, k1);
                }
            }
        }
        uint baseA = cur * uint(SLICE_A);
        uint baseB = cur * uint(SLICE_B);
        for (uint kk = 0u; kk < uint(BK); kk++) {
            vec4 av[ROWS4];
            vec4 bv[COLS4];
            for (uint i = 0u; i < uint(ROWS4); i++) {
                av[i] = tileA[baseA + kk * uint(BM / 4) + ty + i * uint(WGY)];
            }
            for (uint j = 0u; j < uint(COLS4); j++) {
                bv[j] = tileB[baseB + kk * uint(BN / 4) + tx + j * uint(WGX)];
            }
            for (uint i = 0u; i < uint(ROWS4); i++) {
                for (uint r = 0u; r < 4u; r++) {
                    for (uint j = 0u; j < uint(COLS4); j++) {
                        uint slot = (i * 4u + r) * uint(COLS4) + j;
                        acc[slot] = fma(vec4(av[i][r]), bv[j], acc[slot]);
                    }
                }
            }
        }
        if (more) {
            for (uint l = 0u; l < uint(LOADS_A); l++) {
                uint u = tid + l * uint(THREADS);
                if (u < uint(UNITS_A)) {
                    storeA(1u - cur, u, nextA[l]);
                }
            }
            for (uint l = 0u; l < uint(LOADS_B); l++) {
                uint u = tid + l * uint(THREADS);
                if (u < uint(UNITS_B)) {
                    storeB(1u - cur, u, nextB[l]);
                }
            }
        }
        barrier();
    }

    for (uint j = 0u; j < uint(COLS4); j++) {
        uint gn = n0 + (tx + j * uint(WGX)) * 4u;
        if (gn >= N) {
            continue;
        }
#if EPILOGUE
        vec4 bias4 = vec4(0.0);
        for (uint e = 0u; e < 4u; e++) {
            if (gn + e < N) {
                bias4[e] = bias[gn + e];
            }
        }
#endif
        for (uint i = 0u; i < uint(ROWS4); i++) {
            for (uint r = 0u; r < 4u; r++) {
                uint gm = m0 + (ty + i * uint(WGY)) * 4u + r;
                if (gm >= M) {
                    continue;
                }
                vec4 v = acc[(i * 4u + r) * uint(COLS4) + j];
#if EPILOGUE
                v += bias4;
                v = vec4(activate(v.x), activate(v.y), activate(v.z), activate(v.w));
#endif
#if VEC_C
                c4[(gm * N + gn) / 4u] = v;
#else
                for (uint e = 0u; e < 4u; e++) {
                    if (gn + e < N) {
                        c[gm * N + gn + e] = v[e];
                    }
                }
#endif
            }
        }
    }
}
