#version 450
layout(set = 0, binding = 0) uniform sampler2D tex;
layout(location = 0) in vec2 inUV;
layout(location = 0) out vec4 o;
void main() { o = textureLodOffset(tex, inUV, 0.0, ivec2(1)); }
