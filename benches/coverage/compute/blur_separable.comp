#version 450
layout(local_size_x = 128, local_size_y = 1) in;
layout(binding = 0, rgba8) uniform readonly image2D inImage;
layout(binding = 1, rgba8) uniform writeonly image2D outImage;
layout(push_constant) uniform PC { ivec2 direction; int radius; } pc;
const float weights[5] = float[](0.227027, 0.1945946, 0.1216216, 0.054054, 0.016216);
void main() {
	ivec2 p = ivec2(gl_GlobalInvocationID.xy);
	ivec2 size = imageSize(inImage);
	if (p.x >= size.x || p.y >= size.y) return;
	vec4 sum = imageLoad(inImage, p) * weights[0];
	for (int i = 1; i < 5; ++i) {
		ivec2 o = pc.direction * i;
		sum += imageLoad(inImage, clamp(p + o, ivec2(0), size - 1)) * weights[i];
		sum += imageLoad(inImage, clamp(p - o, ivec2(0), size - 1)) * weights[i];
	}
	imageStore(outImage, p, sum);
}
