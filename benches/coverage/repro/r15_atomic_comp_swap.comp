#version 450
layout(local_size_x = 64) in;
layout(std430, binding = 0) buffer T { uint keys[]; };
void main() {
	uint prev = atomicCompSwap(keys[gl_GlobalInvocationID.x & 1023u], 0u, gl_GlobalInvocationID.x);
	keys[1024] = prev;
}
