#version 450
layout(local_size_x = 8, local_size_y = 8) in;
layout(set = 0, binding = 0, r32f) uniform readonly image2D heightImg;
layout(set = 0, binding = 1, rgba16f) uniform writeonly image2D normalImg;
layout(push_constant) uniform PC { float strength; } pc;
float h(ivec2 p) { return imageLoad(heightImg, clamp(p, ivec2(0), imageSize(heightImg) - 1)).r; }
void main() {
	ivec2 p = ivec2(gl_GlobalInvocationID.xy);
	float tl = h(p + ivec2(-1, -1)), t = h(p + ivec2(0, -1)), tr = h(p + ivec2(1, -1));
	float l = h(p + ivec2(-1, 0)), r = h(p + ivec2(1, 0));
	float bl = h(p + ivec2(-1, 1)), b = h(p + ivec2(0, 1)), br = h(p + ivec2(1, 1));
	float dx = (tr + 2.0 * r + br) - (tl + 2.0 * l + bl);
	float dy = (bl + 2.0 * b + br) - (tl + 2.0 * t + tr);
	vec3 n = normalize(vec3(-dx * pc.strength, -dy * pc.strength, 1.0));
	imageStore(normalImg, p, vec4(n * 0.5 + 0.5, 1.0));
}
