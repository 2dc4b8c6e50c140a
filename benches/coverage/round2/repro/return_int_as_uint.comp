#version 450
// class: implicit int -> uint conversion of a `return` value (GLSL 4.00+ converts it)
// prism a097dc3: error[E-VALID] The `return` expression ... does not match the declared return type (line 6)
layout(local_size_x = 64) in;
layout(std430, binding = 0) buffer B { uint bins[]; };
uint toBin(float v) { if (v < 0.0) return 0; return uint(v); }
void main() { bins[gl_GlobalInvocationID.x] = toBin(float(gl_GlobalInvocationID.x)); }
