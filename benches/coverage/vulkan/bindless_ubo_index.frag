#version 450
#extension GL_EXT_nonuniform_qualifier : require
layout(set = 0, binding = 0) uniform texture2D textures[];
layout(set = 0, binding = 1) uniform sampler samp;
layout(set = 1, binding = 0) uniform ObjectData { vec4 tint; uint texIndex; } objects[16];
layout(location = 0) in vec2 inUV;
layout(location = 1) flat in uint inObject;
layout(location = 0) out vec4 outColor;
void main() {
	uint t = objects[nonuniformEXT(inObject)].texIndex;
	outColor = texture(nonuniformEXT(sampler2D(textures[t], samp)), inUV) * objects[nonuniformEXT(inObject)].tint;
}
