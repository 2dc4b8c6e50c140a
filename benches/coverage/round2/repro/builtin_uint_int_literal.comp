#version 450
// class: implicit int -> uint conversion of a built-in's argument (`min(uint, 256)`)
// prism a097dc3: error[E-PARSE] Ambiguous best function for 'min' (line 7)
layout(local_size_x = 64) in;
layout(std430, binding = 0) buffer B { uint counts[]; };
void main() {
    uint n = min(counts[0], 256);
    counts[gl_GlobalInvocationID.x] = n;
}
