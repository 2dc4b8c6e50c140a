#version 450
#extension GL_EXT_shader_explicit_arithmetic_types_float16 : require
#extension GL_EXT_shader_16bit_storage : require
layout(set = 0, binding = 0, std430) readonly buffer Palette { f16vec4 colors[]; };
layout(location = 0) flat in uint inIndex;
layout(location = 0) out vec4 outColor;
void main() {
	f16vec4 c = colors[inIndex];
	float16_t g = float16_t(2.2);
	outColor = vec4(pow(vec3(c.rgb), vec3(1.0 / float(g))), float(c.a));
}
