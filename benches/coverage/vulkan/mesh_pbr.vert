#version 450
#extension GL_GOOGLE_include_directive : require
#include "common.glsl"
layout(location = 0) in vec3 inPosition;
layout(location = 1) in vec3 inNormal;
layout(location = 2) in vec4 inTangent;
layout(location = 3) in vec2 inUV;
layout(push_constant) uniform PushConstants {
	mat4 model;
	uint materialIndex;
} pc;
layout(location = 0) out vec3 outWorldPos;
layout(location = 1) out vec3 outNormal;
layout(location = 2) out vec4 outTangent;
layout(location = 3) out vec2 outUV;
layout(location = 4) flat out uint outMaterial;
void main() {
	vec4 wp = pc.model * vec4(inPosition, 1.0);
	mat3 nm = mat3(pc.model);
	outWorldPos = wp.xyz;
	outNormal = normalize(nm * inNormal);
	outTangent = vec4(normalize(nm * inTangent.xyz), inTangent.w);
	outUV = inUV;
	outMaterial = pc.materialIndex;
	gl_Position = scene.viewProj * wp;
}
