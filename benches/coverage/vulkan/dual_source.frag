#version 450
layout(location = 0, index = 0) out vec4 outColor;
layout(location = 0, index = 1) out vec4 outBlend;
layout(set = 0, binding = 0) uniform sampler2D tex;
layout(location = 0) in vec2 inUV;
void main() {
	vec4 c = texture(tex, inUV);
	outColor = c;
	outBlend = vec4(1.0 - c.a);
}
