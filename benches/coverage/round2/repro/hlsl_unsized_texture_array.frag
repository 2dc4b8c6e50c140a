#version 450
#extension GL_EXT_nonuniform_qualifier : require
// class: runtime-sized texture arrays (bindless) to HLSL; every other target compiles
// prism a097dc3 (-t hlsl): error[E-TARGET] HLSL: unsized arrays of textures (`tex[]`) have no HLSL output
layout(set = 1, binding = 0) uniform texture2D textures[];
layout(set = 1, binding = 1) uniform sampler smp;
layout(location = 0) flat in uint inIndex;
layout(location = 1) in vec2 inUV;
layout(location = 0) out vec4 outColor;
void main() { outColor = texture(sampler2D(textures[nonuniformEXT(inIndex)], smp), inUV); }
