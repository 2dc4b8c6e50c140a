#version 450
layout(local_size_x = 128) in;
layout(set = 0, binding = 0) uniform sampler2D depth;
layout(set = 0, binding = 1, std430) buffer MinMax { uint minDepth; uint maxDepth; };
shared uint sMin;
shared uint sMax;
void main() {
	if (gl_LocalInvocationIndex == 0u) { sMin = 0xFFFFFFFFu; sMax = 0u; }
	barrier();
	ivec2 size = textureSize(depth, 0);
	ivec2 p = ivec2(gl_GlobalInvocationID.x % uint(size.x), gl_GlobalInvocationID.x / uint(size.x));
	if (p.y < size.y) {
		float d = texelFetch(depth, p, 0).r;
		if (d < 1.0) {
			uint u = floatBitsToUint(d);
			atomicMin(sMin, u);
			atomicMax(sMax, u);
		}
	}
	barrier();
	if (gl_LocalInvocationIndex == 0u) {
		atomicMin(minDepth, sMin);
		atomicMax(maxDepth, sMax);
	}
}
