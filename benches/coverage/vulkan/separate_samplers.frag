#version 450
layout(set = 0, binding = 0) uniform texture2D colorTex;
layout(set = 0, binding = 1) uniform texture2D detailTex;
layout(set = 0, binding = 2) uniform sampler linearSampler;
layout(set = 0, binding = 3) uniform sampler pointSampler;
layout(location = 0) in vec2 inUV;
layout(location = 0) out vec4 outColor;
vec4 sampleBoth(texture2D t, vec2 uv) {
	return mix(texture(sampler2D(t, linearSampler), uv), texture(sampler2D(t, pointSampler), uv), 0.5);
}
void main() {
	vec4 c = sampleBoth(colorTex, inUV);
	vec4 d = texture(sampler2D(detailTex, linearSampler), inUV * 8.0);
	ivec2 sz = textureSize(sampler2D(colorTex, pointSampler), 0);
	outColor = c * d * 2.0 + vec4(float(sz.x) * 0.0);
}
