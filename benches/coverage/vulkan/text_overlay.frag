#version 450
layout(binding = 1) uniform sampler2D fontSampler;
layout(location = 0) in vec2 inUV;
layout(location = 1) in vec4 inColor;
layout(location = 0) out vec4 outFragColor;
void main() {
	float color = texture(fontSampler, inUV).r;
	outFragColor = vec4(inColor.rgb, inColor.a * color);
}
