#version 450
#extension GL_EXT_multiview : enable
layout(binding = 0) uniform UBO { mat4 projection[2]; mat4 modelview[2]; vec4 lightPos; } ubo;
layout(location = 0) in vec3 inPos;
layout(location = 1) in vec3 inNormal;
layout(location = 0) out vec3 outNormal;
void main() {
	outNormal = mat3(ubo.modelview[gl_ViewIndex]) * inNormal;
	gl_Position = ubo.projection[gl_ViewIndex] * ubo.modelview[gl_ViewIndex] * vec4(inPos, 1.0);
}
