#version 450
layout(local_size_x = 256) in;
layout(std430, binding = 0) buffer Histogram { uint bins[256]; };
layout(r32f, binding = 1) uniform image2D exposureImage;
layout(push_constant) uniform PC { float minLogLum; float logLumRange; float tau; float timeDelta; uint pixelCount; } pc;
shared float weighted[256];
void main() {
	uint i = gl_LocalInvocationIndex;
	uint count = bins[i];
	weighted[i] = float(count) * float(i);
	barrier();
	for (uint cutoff = 128u; cutoff > 0u; cutoff >>= 1u) {
		if (i < cutoff) weighted[i] += weighted[i + cutoff];
		barrier();
	}
	if (i == 0u) {
		float avgLog = weighted[0] / max(float(pc.pixelCount - count), 1.0) - 1.0;
		float avgLum = exp2(avgLog / 254.0 * pc.logLumRange + pc.minLogLum);
		float last = imageLoad(exposureImage, ivec2(0)).r;
		float adapted = last + (avgLum - last) * (1.0 - exp(-pc.timeDelta * pc.tau));
		imageStore(exposureImage, ivec2(0), vec4(adapted));
	}
	bins[i] = 0u;
}
