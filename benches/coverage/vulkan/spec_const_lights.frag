#version 450
layout(constant_id = 0) const int MAX_LIGHTS = 8;
layout(constant_id = 1) const bool ENABLE_FOG = true;
layout(constant_id = 2) const float FOG_DENSITY = 0.02;
struct Light { vec4 pos; vec4 color; };
layout(set = 0, binding = 0) uniform Lights { Light lights[MAX_LIGHTS]; int count; } ubo;
layout(location = 0) in vec3 inPos;
layout(location = 1) in vec3 inNormal;
layout(location = 0) out vec4 outColor;
void main() {
	vec3 N = normalize(inNormal);
	vec3 c = vec3(0.0);
	for (int i = 0; i < MAX_LIGHTS; ++i) {
		if (i >= ubo.count) break;
		vec3 L = ubo.lights[i].pos.xyz - inPos;
		c += ubo.lights[i].color.rgb * max(dot(N, normalize(L)), 0.0) / (1.0 + dot(L, L));
	}
	if (ENABLE_FOG) {
		float f = exp(-FOG_DENSITY * length(inPos));
		c = mix(vec3(0.5, 0.6, 0.7), c, f);
	}
	outColor = vec4(c, 1.0);
}
