#version 450
layout(input_attachment_index = 0, set = 0, binding = 0) uniform subpassInput inputColor;
layout(input_attachment_index = 1, set = 0, binding = 1) uniform subpassInput inputDepth;
layout(set = 0, binding = 2) uniform Params { vec4 fogColor; float near; float far; } params;
layout(location = 0) out vec4 outColor;
void main() {
	vec3 c = subpassLoad(inputColor).rgb;
	float d = subpassLoad(inputDepth).r;
	float z = params.near * params.far / (params.far - d * (params.far - params.near));
	float f = 1.0 - exp(-z * 0.01);
	outColor = vec4(mix(c, params.fogColor.rgb, f), 1.0);
}
