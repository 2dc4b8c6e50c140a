#version 450
layout(set = 0, binding = 0) uniform sampler2D alphaMask;
layout(push_constant) uniform PC { layout(offset = 64) float cutoff; } pc;
layout(location = 0) in vec2 inUV;
layout(early_fragment_tests) in;
void main() {
	if (texture(alphaMask, inUV).a < pc.cutoff) discard;
}
