#version 450
layout(local_size_x = 64) in;
layout(std430, binding = 0) buffer Data { uint words[]; };
layout(std430, binding = 1) buffer Out { uvec4 results[]; };
void main() {
	uint i = gl_GlobalInvocationID.x;
	uint w = words[i];
	uint carry, borrow;
	uint s = uaddCarry(w, 0x80000000u, carry);
	uint d = usubBorrow(w, 1u, borrow);
	uint hi, lo;
	umulExtended(w, 0x9E3779B9u, hi, lo);
	results[i] = uvec4(bitCount(w) + uint(findMSB(w)) + uint(findLSB(w)), bitfieldReverse(w) ^ bitfieldInsert(w, 5u, 4, 3), s + carry + d + borrow, hi ^ lo ^ packUnorm4x8(unpackUnorm4x8(w)));
}
