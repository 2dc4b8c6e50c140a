#version 450
#extension GL_EXT_scalar_block_layout : require
layout(set = 0, binding = 0, scalar) readonly buffer B { vec3 data[]; };
layout(location = 0) out vec4 outColor;
void main() { outColor = vec4(data[0], 1.0); }
