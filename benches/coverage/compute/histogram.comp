#version 450
layout(local_size_x = 16, local_size_y = 16) in;
layout(set = 0, binding = 0, rgba8) uniform readonly image2D srcImage;
layout(set = 0, binding = 1, std430) buffer Histogram { uint bins[256]; };
shared uint localBins[256];
void main() {
	localBins[gl_LocalInvocationIndex] = 0u;
	memoryBarrierShared();
	barrier();
	ivec2 size = imageSize(srcImage);
	ivec2 p = ivec2(gl_GlobalInvocationID.xy);
	if (all(lessThan(p, size))) {
		vec3 c = imageLoad(srcImage, p).rgb;
		float l = dot(c, vec3(0.2126, 0.7152, 0.0722));
		uint bin = uint(clamp(l * 255.0, 0.0, 255.0));
		atomicAdd(localBins[bin], 1u);
	}
	barrier();
	atomicAdd(bins[gl_LocalInvocationIndex], localBins[gl_LocalInvocationIndex]);
}
