#version 450
// class: using the value an imageAtomic* returns (naga's ImageAtomic statement has no result)
// prism a097dc3: error[E-UNSUPPORTED] the value `imageAtomicAdd` returns (line 7)
layout(local_size_x = 8, local_size_y = 8) in;
layout(binding = 0, r32ui) uniform uimage2D counts;
void main() {
    uint prev = imageAtomicAdd(counts, ivec2(gl_GlobalInvocationID.xy), 1u);
    if (prev == 0u) imageAtomicOr(counts, ivec2(0), 1u);
}
