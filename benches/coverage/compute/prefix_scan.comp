#version 450
#define N 512
layout(local_size_x = 256) in;
layout(std430, binding = 0) buffer Data { uint values[]; };
layout(std430, binding = 1) buffer Sums { uint blockSums[]; };
shared uint temp[N];
void main() {
	uint tid = gl_LocalInvocationID.x;
	uint base = gl_WorkGroupID.x * N;
	temp[2u * tid] = values[base + 2u * tid];
	temp[2u * tid + 1u] = values[base + 2u * tid + 1u];
	uint offset = 1u;
	for (uint d = N >> 1; d > 0u; d >>= 1) {
		barrier();
		if (tid < d) {
			uint ai = offset * (2u * tid + 1u) - 1u;
			uint bi = offset * (2u * tid + 2u) - 1u;
			temp[bi] += temp[ai];
		}
		offset *= 2u;
	}
	if (tid == 0u) { blockSums[gl_WorkGroupID.x] = temp[N - 1]; temp[N - 1] = 0u; }
	for (uint d = 1u; d < N; d *= 2u) {
		offset >>= 1;
		barrier();
		if (tid < d) {
			uint ai = offset * (2u * tid + 1u) - 1u;
			uint bi = offset * (2u * tid + 2u) - 1u;
			uint t = temp[ai];
			temp[ai] = temp[bi];
			temp[bi] += t;
		}
	}
	barrier();
	values[base + 2u * tid] = temp[2u * tid];
	values[base + 2u * tid + 1u] = temp[2u * tid + 1u];
}
