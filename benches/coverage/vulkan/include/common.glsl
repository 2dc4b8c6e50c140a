#ifndef COMMON_GLSL
#define COMMON_GLSL
#define PI 3.14159265359
#define INV_PI 0.31830988618
layout(set = 0, binding = 0) uniform SceneUBO {
	mat4 view;
	mat4 proj;
	mat4 viewProj;
	vec4 cameraPos;
	vec4 sunDir;
	vec4 sunColor;
	float time;
	uint frameIndex;
} scene;
float saturate(float x) { return clamp(x, 0.0, 1.0); }
vec3 saturate(vec3 x) { return clamp(x, vec3(0.0), vec3(1.0)); }
#endif
