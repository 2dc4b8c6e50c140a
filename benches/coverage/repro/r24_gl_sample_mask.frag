#version 450
layout(location = 0) out vec4 o;
void main() { o = vec4(1.0); gl_SampleMask[0] = gl_SampleMaskIn[0] & 1; }
