#version 450
layout(local_size_x = 64) in;
layout(std430, binding = 0) buffer Table { uint keys[]; };
layout(std430, binding = 1) buffer Stats { uint inserted; uint collisions; int minVal; uint flags; };
layout(std430, binding = 2) readonly buffer Input { uint items[]; };
void main() {
	uint key = items[gl_GlobalInvocationID.x];
	uint slot = (key * 2654435761u) & 1023u;
	for (int probe = 0; probe < 32; ++probe) {
		uint prev = atomicCompSwap(keys[slot], 0u, key);
		if (prev == 0u || prev == key) { atomicAdd(inserted, 1u); break; }
		atomicAdd(collisions, 1u);
		slot = (slot + 1u) & 1023u;
	}
	atomicMin(minVal, int(key) - 5);
	atomicOr(flags, 1u << (key & 31u));
	atomicExchange(flags, atomicAnd(flags, 0xFFFFu));
	atomicXor(flags, 3u);
}
