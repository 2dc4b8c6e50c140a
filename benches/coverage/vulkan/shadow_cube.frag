#version 450
layout(set = 0, binding = 1) uniform samplerCubeShadow shadowCube;
layout(set = 0, binding = 2) uniform samplerCube envMap;
layout(set = 0, binding = 0) uniform UBO { vec4 lightPos; float farPlane; } ubo;
layout(location = 0) in vec3 inWorld;
layout(location = 1) in vec3 inNormal;
layout(location = 0) out vec4 outColor;
void main() {
	vec3 L = inWorld - ubo.lightPos.xyz;
	float d = length(L) / ubo.farPlane;
	float vis = texture(shadowCube, vec4(L, d - 0.005));
	vec3 env = textureLod(envMap, reflect(normalize(inWorld), normalize(inNormal)), 2.0).rgb;
	outColor = vec4(env * (0.2 + 0.8 * vis), 1.0);
}
