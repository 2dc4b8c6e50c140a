#version 450
#extension GL_GOOGLE_include_directive : require
#include "common.glsl"
#include "brdf.glsl"
#include "gbuffer.glsl"
layout(set = 1, binding = 0) uniform sampler2D gAlbedo;
layout(set = 1, binding = 1) uniform sampler2D gNormal;
layout(set = 1, binding = 2) uniform sampler2D gORM;
layout(set = 1, binding = 3) uniform sampler2D gDepth;
struct PointLight { vec4 posRadius; vec4 color; };
layout(set = 1, binding = 4, std430) readonly buffer LightBuffer { uint lightCount; PointLight lights[]; };
layout(push_constant) uniform PC { mat4 invViewProj; } pc;
layout(location = 0) in vec2 inUV;
layout(location = 0) out vec4 outColor;
void main() {
	float depth = texture(gDepth, inUV).r;
	if (depth == 1.0) { outColor = vec4(0.0); return; }
	vec4 wp = pc.invViewProj * vec4(inUV * 2.0 - 1.0, depth, 1.0);
	vec3 P = wp.xyz / wp.w;
	vec3 albedo = texture(gAlbedo, inUV).rgb;
	vec3 N = decodeNormal(texture(gNormal, inUV).xy);
	vec3 orm = texture(gORM, inUV).rgb;
	vec3 V = normalize(scene.cameraPos.xyz - P);
	vec3 c = shadeBRDF(N, V, -scene.sunDir.xyz, albedo, orm.b, orm.g) * scene.sunColor.rgb;
	for (uint i = 0u; i < lightCount; ++i) {
		vec3 L = lights[i].posRadius.xyz - P;
		float d = length(L);
		if (d > lights[i].posRadius.w) continue;
		float att = saturate(1.0 - d / lights[i].posRadius.w);
		c += shadeBRDF(N, V, L / d, albedo, orm.b, orm.g) * lights[i].color.rgb * att * att;
	}
	outColor = vec4(c * orm.r, 1.0);
}
