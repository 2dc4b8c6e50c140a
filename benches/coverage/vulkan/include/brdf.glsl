#ifndef BRDF_GLSL
#define BRDF_GLSL
float D_GGX(float NoH, float a) {
	float a2 = a * a;
	float f = (NoH * a2 - NoH) * NoH + 1.0;
	return a2 / (PI * f * f);
}
float V_SmithGGXCorrelated(float NoV, float NoL, float a) {
	float a2 = a * a;
	float GGXL = NoV * sqrt((-NoL * a2 + NoL) * NoL + a2);
	float GGXV = NoL * sqrt((-NoV * a2 + NoV) * NoV + a2);
	return 0.5 / (GGXV + GGXL);
}
vec3 F_Schlick(float u, vec3 f0) {
	float f = pow(1.0 - u, 5.0);
	return f + f0 * (1.0 - f);
}
vec3 shadeBRDF(vec3 n, vec3 v, vec3 l, vec3 albedo, float metallic, float roughness) {
	vec3 h = normalize(v + l);
	float NoV = abs(dot(n, v)) + 1e-5;
	float NoL = saturate(dot(n, l));
	float NoH = saturate(dot(n, h));
	float LoH = saturate(dot(l, h));
	float a = roughness * roughness;
	vec3 f0 = mix(vec3(0.04), albedo, metallic);
	vec3 Fr = D_GGX(NoH, a) * V_SmithGGXCorrelated(NoV, NoL, a) * F_Schlick(LoH, f0);
	vec3 Fd = albedo * (1.0 - metallic) * INV_PI;
	return (Fr + Fd) * NoL;
}
#endif
