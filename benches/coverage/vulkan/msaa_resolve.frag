#version 450
layout(set = 0, binding = 0) uniform sampler2DMS colorMS;
layout(push_constant) uniform PC { int samples; float exposure; } pc;
layout(location = 0) out vec4 outColor;
void main() {
	ivec2 p = ivec2(gl_FragCoord.xy);
	vec3 sum = vec3(0.0);
	for (int i = 0; i < pc.samples; ++i) {
		vec3 c = texelFetch(colorMS, p, i).rgb * pc.exposure;
		sum += c / (1.0 + max(c.r, max(c.g, c.b)));
	}
	sum /= float(pc.samples);
	outColor = vec4(sum / max(1.0 - max(sum.r, max(sum.g, sum.b)), 1e-4), 1.0);
}
