#version 450
layout(local_size_x = 8, local_size_y = 8) in;
struct Sample { vec3 color; float weight; };
shared Sample tile[10][10];
layout(set = 0, binding = 0) uniform sampler2D src;
layout(set = 0, binding = 1, rgba16f) uniform writeonly image2D dst;
void main() {
	ivec2 base = ivec2(gl_WorkGroupID.xy) * 8 - 1;
	for (uint k = gl_LocalInvocationIndex; k < 100u; k += 64u) {
		ivec2 l = ivec2(k % 10u, k / 10u);
		vec4 c = texelFetch(src, clamp(base + l, ivec2(0), textureSize(src, 0) - 1), 0);
		tile[l.y][l.x] = Sample(c.rgb, c.a);
	}
	barrier();
	ivec2 lp = ivec2(gl_LocalInvocationID.xy) + 1;
	vec3 acc = vec3(0.0);
	float wsum = 0.0;
	for (int y = -1; y <= 1; ++y) for (int x = -1; x <= 1; ++x) {
		Sample s = tile[lp.y + y][lp.x + x];
		acc += s.color * s.weight;
		wsum += s.weight;
	}
	imageStore(dst, ivec2(gl_GlobalInvocationID.xy), vec4(acc / max(wsum, 1e-4), 1.0));
}
