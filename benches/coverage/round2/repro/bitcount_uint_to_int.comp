#version 450
// class: bitCount(uint) is `int` in GLSL; naga's reader types it `uint`, so `int x = bitCount(u)` fails
// prism a097dc3: error[E-VALID] The type of [..] doesn't match the type stored in [..] (line 8)
layout(local_size_x = 64) in;
layout(std430, binding = 0) buffer K { uint keys[]; };
layout(std430, binding = 1) buffer O { int bits[]; };
void main() {
    int b = bitCount(keys[gl_GlobalInvocationID.x]);
    bits[gl_GlobalInvocationID.x] = b;
}
