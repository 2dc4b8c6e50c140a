#version 450
layout(location = 0) in VS_OUT {
	vec3 normal;
	vec3 worldPos;
	flat uint material;
	noperspective vec2 screenUV;
} fs_in;
layout(set = 0, binding = 1) uniform sampler2D ssao;
layout(location = 0) out vec4 outColor;
const vec3 palette[4] = vec3[4](vec3(1.0, 0.2, 0.2), vec3(0.2, 1.0, 0.2), vec3(0.2, 0.2, 1.0), vec3(0.8));
void main() {
	vec3 base = palette[fs_in.material & 3u];
	float ao = texture(ssao, fs_in.screenUV).r;
	outColor = vec4(base * ao * max(dot(normalize(fs_in.normal), vec3(0.0, 1.0, 0.0)), 0.1), 1.0);
}
