#version 450
#define TILE 16
layout(local_size_x = TILE, local_size_y = TILE) in;
layout(std430, set = 0, binding = 0) readonly buffer A { float a[]; };
layout(std430, set = 0, binding = 1) readonly buffer B { float b[]; };
layout(std430, set = 0, binding = 2) writeonly buffer C { float c[]; };
layout(push_constant) uniform Dims { uint M; uint N; uint K; float alpha; } dims;
shared float tileA[TILE][TILE];
shared float tileB[TILE][TILE];
void main() {
	uint row = gl_GlobalInvocationID.y;
	uint col = gl_GlobalInvocationID.x;
	uint ly = gl_LocalInvocationID.y, lx = gl_LocalInvocationID.x;
	float acc = 0.0;
	for (uint t = 0u; t < (dims.K + TILE - 1u) / TILE; ++t) {
		uint ak = t * TILE + lx;
		uint bk = t * TILE + ly;
		tileA[ly][lx] = (row < dims.M && ak < dims.K) ? a[row * dims.K + ak] : 0.0;
		tileB[ly][lx] = (bk < dims.K && col < dims.N) ? b[bk * dims.N + col] : 0.0;
		barrier();
		for (uint k = 0u; k < TILE; ++k) acc += tileA[ly][k] * tileB[k][lx];
		barrier();
	}
	if (row < dims.M && col < dims.N) c[row * dims.N + col] = dims.alpha * acc;
}
