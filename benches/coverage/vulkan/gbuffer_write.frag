#version 450
#extension GL_ARB_separate_shader_objects : enable
#extension GL_GOOGLE_include_directive : require
#include "gbuffer.glsl"
layout(set = 2, binding = 0) uniform sampler2D albedoMap;
layout(set = 2, binding = 1) uniform sampler2D normalMap;
layout(set = 2, binding = 2) uniform sampler2D ormMap;
layout(location = 0) in vec3 inWorldPos;
layout(location = 1) in vec3 inNormal;
layout(location = 2) in vec4 inTangent;
layout(location = 3) in vec2 inUV;
layout(location = 0) out vec4 outAlbedo;
layout(location = 1) out vec2 outNormal;
layout(location = 2) out vec4 outORM;
layout(location = 3) out vec4 outEmissive;
void main() {
	vec3 N = normalize(inNormal);
	if (!gl_FrontFacing) N = -N;
	vec3 T = normalize(inTangent.xyz);
	vec3 B = cross(N, T) * inTangent.w;
	vec3 tn = texture(normalMap, inUV).xyz * 2.0 - 1.0;
	outAlbedo = texture(albedoMap, inUV);
	outNormal = encodeNormal(normalize(mat3(T, B, N) * tn));
	outORM = texture(ormMap, inUV);
	outEmissive = vec4(0.0);
}
