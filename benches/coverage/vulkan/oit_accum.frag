#version 450
layout(set = 0, binding = 0) uniform sampler2D tex;
layout(location = 0) in vec2 inUV;
layout(location = 1) in vec4 inColor;
layout(location = 2) in float inViewZ;
layout(location = 0) out vec4 outAccum;
layout(location = 1) out float outReveal;
void main() {
	vec4 color = texture(tex, inUV) * inColor;
	float weight = clamp(pow(min(1.0, color.a * 10.0) + 0.01, 3.0) * 1e8 * pow(1.0 - gl_FragCoord.z * 0.9, 3.0), 1e-2, 3e3);
	outAccum = vec4(color.rgb * color.a, color.a) * weight;
	outReveal = color.a;
}
