#version 450
#extension GL_EXT_shader_explicit_arithmetic_types_float16 : require
layout(location = 0) out vec4 outColor;
void main() {
	float16_t g = float16_t(2.2);
	outColor = vec4(float(g));
}
