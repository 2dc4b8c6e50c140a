#version 450
layout(local_size_x = 64) in;
layout(set = 0, binding = 0, r32ui) uniform uimage2D density;
void main() {
	imageAtomicAdd(density, ivec2(gl_GlobalInvocationID.xy), 1u);
}
