#version 450

layout(local_size_x = 128) in;

layout(std430, binding = 0) readonly buffer Keys { uint keys[]; };
layout(std430, binding = 1) buffer Counts { uint digitCounts[16]; uint overflowLo; uint overflowHi; };
layout(std430, binding = 2) buffer Lock { uint lockValue; uint owner; };
layout(push_constant) uniform PC { uint shift; uint count; } pc;

shared uint localCounts[16];

void main() {
    uint lid = gl_LocalInvocationID.x;
    if (lid < 16u) localCounts[lid] = 0u;
    barrier();
    uint gid = gl_GlobalInvocationID.x;
    if (gid < pc.count) {
        uint key = keys[gid];
        uint digit = bitfieldExtract(key, int(pc.shift), 4);
        atomicAdd(localCounts[digit], 1u);
        uint carry;
        uint lo = uaddCarry(key, 0x9E3779B9u, carry);
        uint borrow;
        uint diff = usubBorrow(lo, key, borrow);
        uint hi, lo2;
        umulExtended(key, 2654435761u, hi, lo2);
        int lsb = findLSB(key);
        int msb = findMSB(key);
        int bits = bitCount(key);
        uint rev = bitfieldReverse(key);
        uint ins = bitfieldInsert(key, digit, 28, 4);
        if (carry != 0u) atomicAdd(overflowLo, 1u);
        if ((borrow ^ hi ^ lo2 ^ diff ^ rev ^ ins) == 0u && lsb + msb + bits == 0) atomicAdd(overflowHi, 1u);
    }
    barrier();
    if (lid < 16u) atomicAdd(digitCounts[lid], localCounts[lid]);
    if (lid == 0u) {
        uint prev = atomicCompSwap(lockValue, 0u, 1u);
        if (prev == 0u) {
            atomicExchange(owner, gl_WorkGroupID.x);
            atomicExchange(lockValue, 0u);
        }
    }
}
