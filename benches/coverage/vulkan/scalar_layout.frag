#version 450
#extension GL_EXT_scalar_block_layout : require
struct Light { vec3 position; float range; vec3 color; };
layout(set = 0, binding = 0, scalar) readonly buffer Lights { Light lights[]; };
layout(set = 0, binding = 1, std140) uniform Params { uint count; } params;
layout(location = 0) in vec3 inPos;
layout(location = 0) out vec4 outColor;
void main() {
	vec3 c = vec3(0.0);
	for (uint i = 0u; i < params.count; ++i) {
		float d = distance(lights[i].position, inPos);
		c += lights[i].color * max(1.0 - d / lights[i].range, 0.0);
	}
	outColor = vec4(c, 1.0);
}
