#version 450

#define TILE 16

layout(local_size_x = TILE, local_size_y = TILE) in;

layout(std430, set = 0, binding = 0) readonly buffer A { float a[]; };
layout(std430, set = 0, binding = 1) readonly buffer B { float b[]; };
layout(std430, set = 0, binding = 2) writeonly buffer C { float c[]; };

layout(push_constant) uniform Dims {
    uint M;
    uint N;
    uint K;
    float alpha;
} dims;

shared float tileA[TILE][TILE];
shared float tileB[TILE][TILE];

void main() {
    uint row = gl_GlobalInvocationID.y;
    uint col = gl_GlobalInvocationID.x;
    uint ty = gl_LocalInvocationID.y;
    uint tx = gl_LocalInvocationID.x;
    float acc = 0.0;
    uint numTiles = (dims.K + TILE - 1) / TILE;
    for (uint t = 0; t < numTiles; t++) {
        uint aCol = t * TILE + tx;
        uint bRow = t * TILE + ty;
        tileA[ty][tx] = (row < dims.M && aCol < dims.K) ? a[row * dims.K + aCol] : 0.0;
        tileB[ty][tx] = (bRow < dims.K && col < dims.N) ? b[bRow * dims.N + col] : 0.0;
        barrier();
        for (uint k = 0; k < TILE; k++) {
            acc = fma(tileA[ty][k], tileB[k][tx], acc);
        }
        barrier();
    }
    if (row < dims.M && col < dims.N) c[row * dims.N + col] = dims.alpha * acc;
}
