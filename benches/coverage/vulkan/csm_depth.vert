#version 450
#define CASCADE_COUNT 4
layout(set = 0, binding = 0) uniform CascadeUBO {
	mat4 lightViewProj[CASCADE_COUNT];
	vec4 splitDepths;
	vec4 lightDir;
} cascades;
layout(push_constant) uniform PC { mat4 model; uint cascade; } pc;
layout(location = 0) in vec3 inPos;
void main() {
	gl_Position = cascades.lightViewProj[pc.cascade] * pc.model * vec4(inPos, 1.0);
}
