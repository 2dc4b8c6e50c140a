#version 450
layout(set = 1, binding = 0) uniform sampler2DArray layers;
layout(set = 1, binding = 1) uniform sampler2D heightMap;
layout(location = 0) in vec3 inNormal;
layout(location = 1) in vec2 inUV;
layout(location = 2) in vec3 inViewVec;
layout(location = 3) in vec3 inLightVec;
layout(location = 0) out vec4 outFragColor;
vec3 sampleTerrainLayer() {
	vec2 layers_[6];
	layers_[0] = vec2(-10.0, 10.0);
	layers_[1] = vec2(5.0, 45.0);
	layers_[2] = vec2(45.0, 80.0);
	layers_[3] = vec2(75.0, 100.0);
	layers_[4] = vec2(95.0, 140.0);
	layers_[5] = vec2(140.0, 190.0);
	vec3 color = vec3(0.0);
	float height = textureLod(heightMap, inUV, 0.0).r * 255.0;
	for (int i = 0; i < 6; i++) {
		float range = layers_[i].y - layers_[i].x;
		float weight = (range - abs(height - layers_[i].y)) / range;
		weight = max(0.0, weight);
		color += weight * texture(layers, vec3(inUV * 16.0, i)).rgb;
	}
	return color;
}
void main() {
	vec3 N = normalize(inNormal);
	vec3 L = normalize(inLightVec);
	vec3 diffuse = max(dot(N, L), 0.0) * vec3(1.0);
	outFragColor = vec4((vec3(0.1) + diffuse) * sampleTerrainLayer(), 1.0);
}
