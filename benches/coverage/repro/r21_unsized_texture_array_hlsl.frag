#version 450
#extension GL_EXT_nonuniform_qualifier : require
layout(set = 1, binding = 0) uniform sampler2D textures[];
layout(location = 0) flat in uint inIndex;
layout(location = 0) out vec4 outColor;
void main() { outColor = texture(textures[nonuniformEXT(inIndex)], vec2(0.5)); }
