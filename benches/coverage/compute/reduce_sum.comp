#version 450
layout(local_size_x = 256) in;
layout(std430, binding = 0) readonly buffer Input { float data[]; };
layout(std430, binding = 1) buffer Output { float partial[]; };
layout(push_constant) uniform PC { uint n; } pc;
shared float sdata[256];
void main() {
	uint tid = gl_LocalInvocationID.x;
	uint i = gl_WorkGroupID.x * gl_WorkGroupSize.x * 2u + tid;
	float v = 0.0;
	if (i < pc.n) v += data[i];
	if (i + gl_WorkGroupSize.x < pc.n) v += data[i + gl_WorkGroupSize.x];
	sdata[tid] = v;
	barrier();
	for (uint s = gl_WorkGroupSize.x / 2u; s > 0u; s >>= 1u) {
		if (tid < s) sdata[tid] += sdata[tid + s];
		barrier();
	}
	if (tid == 0u) partial[gl_WorkGroupID.x] = sdata[0];
}
