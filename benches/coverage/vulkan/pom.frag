#version 450
layout(binding = 1) uniform sampler2D sColorMap;
layout(binding = 2) uniform sampler2D sNormalHeightMap;
layout(binding = 3) uniform UBO { float heightScale; float parallaxBias; float numLayers; int mappingMode; } ubo;
layout(location = 0) in vec2 inUV;
layout(location = 1) in vec3 inTangentLightPos;
layout(location = 2) in vec3 inTangentViewPos;
layout(location = 3) in vec3 inTangentFragPos;
layout(location = 0) out vec4 outColor;
vec2 parallaxOcclusionMapping(vec2 uv, vec3 viewDir) {
	float layerDepth = 1.0 / ubo.numLayers;
	float currLayerDepth = 0.0;
	vec2 deltaUV = viewDir.xy * ubo.heightScale / (viewDir.z * ubo.numLayers);
	vec2 currUV = uv;
	float height = 1.0 - textureLod(sNormalHeightMap, currUV, 0.0).a;
	for (int i = 0; i < ubo.numLayers; i++) {
		currLayerDepth += layerDepth;
		currUV -= deltaUV;
		height = 1.0 - textureLod(sNormalHeightMap, currUV, 0.0).a;
		if (height < currLayerDepth) break;
	}
	vec2 prevUV = currUV + deltaUV;
	float nextDepth = height - currLayerDepth;
	float prevDepth = 1.0 - textureLod(sNormalHeightMap, prevUV, 0.0).a - currLayerDepth + layerDepth;
	return mix(currUV, prevUV, nextDepth / (nextDepth - prevDepth));
}
void main() {
	vec3 V = normalize(inTangentViewPos - inTangentFragPos);
	vec2 uv = inUV;
	switch (ubo.mappingMode) {
		case 0: break;
		case 1: uv = parallaxOcclusionMapping(inUV, V); break;
		default: uv = inUV - V.xy * ubo.heightScale * 0.01;
	}
	if (uv.x < 0.0 || uv.x > 1.0 || uv.y < 0.0 || uv.y > 1.0) discard;
	vec3 N = normalize(textureLod(sNormalHeightMap, uv, 0.0).rgb * 2.0 - 1.0);
	vec3 L = normalize(inTangentLightPos - inTangentFragPos);
	vec3 c = texture(sColorMap, uv).rgb;
	outColor = vec4(c * (0.2 + max(dot(N, L), 0.0)), 1.0);
}
