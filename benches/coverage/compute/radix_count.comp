#version 450
layout(local_size_x = 256) in;
layout(std430, binding = 0) readonly buffer Keys { uint keys[]; };
layout(std430, binding = 1) buffer Counts { uint counts[]; };
layout(push_constant) uniform PC { uint shift; uint numKeys; uint numGroups; } pc;
shared uint localCounts[16];
void main() {
	if (gl_LocalInvocationIndex < 16u) localCounts[gl_LocalInvocationIndex] = 0u;
	groupMemoryBarrier();
	barrier();
	uint i = gl_GlobalInvocationID.x;
	if (i < pc.numKeys) {
		uint digit = bitfieldExtract(keys[i], int(pc.shift), 4);
		atomicAdd(localCounts[digit], 1u);
	}
	barrier();
	if (gl_LocalInvocationIndex < 16u) counts[gl_LocalInvocationIndex * pc.numGroups + gl_WorkGroupID.x] = localCounts[gl_LocalInvocationIndex];
}
