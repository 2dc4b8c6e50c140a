#version 450
#extension GL_EXT_multiview : enable
layout(binding = 0) uniform UBO { mat4 vp[2]; } ubo;
layout(location = 0) in vec3 inPos;
void main() { gl_Position = ubo.vp[gl_ViewIndex] * vec4(inPos, 1.0); }
