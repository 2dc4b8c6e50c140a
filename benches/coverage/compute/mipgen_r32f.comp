#version 450
layout(local_size_x = 8, local_size_y = 8) in;
layout(set = 0, binding = 0, r32f) uniform readonly image2D srcMip;
layout(set = 0, binding = 1, r32f) uniform writeonly image2D dstMip;
void main() {
	ivec2 dst = ivec2(gl_GlobalInvocationID.xy);
	ivec2 dsz = imageSize(dstMip);
	if (dst.x >= dsz.x || dst.y >= dsz.y) return;
	ivec2 src = dst * 2;
	float a = imageLoad(srcMip, src).r;
	float b = imageLoad(srcMip, src + ivec2(1, 0)).r;
	float c = imageLoad(srcMip, src + ivec2(0, 1)).r;
	float d = imageLoad(srcMip, src + ivec2(1, 1)).r;
	imageStore(dstMip, dst, vec4(max(max(a, b), max(c, d))));
}
