#version 450
#extension GL_GOOGLE_include_directive : require
#extension GL_EXT_nonuniform_qualifier : require
#include "common.glsl"
#include "brdf.glsl"
struct Material { vec4 baseColorFactor; uint baseColorTex; uint normalTex; uint mrTex; float roughness; };
layout(set = 0, binding = 1, std430) readonly buffer Materials { Material materials[]; };
layout(set = 1, binding = 0) uniform sampler2D textures[];
layout(location = 0) in vec3 inWorldPos;
layout(location = 1) in vec3 inNormal;
layout(location = 2) in vec4 inTangent;
layout(location = 3) in vec2 inUV;
layout(location = 4) flat in uint inMaterial;
layout(location = 0) out vec4 outColor;
void main() {
	Material m = materials[inMaterial];
	vec4 base = texture(textures[nonuniformEXT(m.baseColorTex)], inUV) * m.baseColorFactor;
	vec3 tn = texture(textures[nonuniformEXT(m.normalTex)], inUV).xyz * 2.0 - 1.0;
	vec2 mr = texture(textures[nonuniformEXT(m.mrTex)], inUV).bg;
	vec3 N = normalize(inNormal);
	vec3 T = normalize(inTangent.xyz);
	vec3 B = cross(N, T) * inTangent.w;
	N = normalize(mat3(T, B, N) * tn);
	vec3 V = normalize(scene.cameraPos.xyz - inWorldPos);
	vec3 c = shadeBRDF(N, V, normalize(-scene.sunDir.xyz), base.rgb, mr.x, mr.y * m.roughness) * scene.sunColor.rgb;
	outColor = vec4(c + base.rgb * 0.03, base.a);
}
