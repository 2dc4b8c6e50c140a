#version 450
#define CASCADE_COUNT 4
layout(set = 0, binding = 0) uniform CascadeUBO {
	mat4 lightViewProj[CASCADE_COUNT];
	vec4 splitDepths;
	vec4 lightDir;
} cascades;
layout(set = 0, binding = 1) uniform sampler2DArrayShadow shadowMap;
layout(set = 0, binding = 2) uniform sampler2D albedo;
layout(location = 0) in vec3 inWorldPos;
layout(location = 1) in vec3 inViewPos;
layout(location = 2) in vec3 inNormal;
layout(location = 3) in vec2 inUV;
layout(location = 0) out vec4 outColor;
const mat4 biasMat = mat4(0.5, 0.0, 0.0, 0.0, 0.0, 0.5, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.5, 0.5, 0.0, 1.0);
float filterPCF(vec4 sc, uint cascade) {
	ivec2 texDim = textureSize(shadowMap, 0).xy;
	vec2 d = 1.0 / vec2(texDim);
	float s = 0.0;
	int count = 0;
	for (int x = -1; x <= 1; x++) {
		for (int y = -1; y <= 1; y++) {
			s += texture(shadowMap, vec4(sc.xy + vec2(x, y) * d, float(cascade), sc.z - 0.002));
			count++;
		}
	}
	return s / float(count);
}
void main() {
	uint cascadeIndex = 0u;
	for (uint i = 0u; i < CASCADE_COUNT - 1; ++i) {
		if (inViewPos.z < cascades.splitDepths[i]) cascadeIndex = i + 1u;
	}
	vec4 sc = (biasMat * cascades.lightViewProj[cascadeIndex]) * vec4(inWorldPos, 1.0);
	sc /= sc.w;
	float shadow = filterPCF(sc, cascadeIndex);
	vec3 N = normalize(inNormal);
	float ndl = max(dot(N, -cascades.lightDir.xyz), 0.0);
	vec4 c = texture(albedo, inUV);
	outColor = vec4(c.rgb * (0.15 + ndl * shadow), c.a);
}
