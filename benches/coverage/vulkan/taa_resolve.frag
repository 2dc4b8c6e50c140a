#version 450
layout(set = 0, binding = 0) uniform sampler2D currentColor;
layout(set = 0, binding = 1) uniform sampler2D historyColor;
layout(set = 0, binding = 2) uniform sampler2D velocityTex;
layout(push_constant) uniform PC { vec2 texelSize; float blend; } pc;
layout(location = 0) in vec2 inUV;
layout(location = 0) out vec4 outColor;
vec3 RGBToYCoCg(vec3 c) { return vec3(c.r/4.0 + c.g/2.0 + c.b/4.0, c.r/2.0 - c.b/2.0, -c.r/4.0 + c.g/2.0 - c.b/4.0); }
vec3 YCoCgToRGB(vec3 c) { return vec3(c.x + c.y - c.z, c.x + c.z, c.x - c.y - c.z); }
void main() {
	vec2 vel = texture(velocityTex, inUV).xy;
	vec3 cur = RGBToYCoCg(texture(currentColor, inUV).rgb);
	vec3 mn = cur, mx = cur;
	vec3 m1 = vec3(0.0), m2 = vec3(0.0);
	for (int y = -1; y <= 1; ++y) {
		for (int x = -1; x <= 1; ++x) {
			vec3 s = RGBToYCoCg(textureLodOffset(currentColor, inUV, 0.0, ivec2(0)).rgb + texture(currentColor, inUV + vec2(x, y) * pc.texelSize).rgb * 0.0);
			s = RGBToYCoCg(texture(currentColor, inUV + vec2(x, y) * pc.texelSize).rgb);
			mn = min(mn, s); mx = max(mx, s);
			m1 += s; m2 += s * s;
		}
	}
	vec3 mu = m1 / 9.0;
	vec3 sigma = sqrt(abs(m2 / 9.0 - mu * mu));
	mn = max(mn, mu - sigma); mx = min(mx, mu + sigma);
	vec3 hist = RGBToYCoCg(texture(historyColor, inUV - vel).rgb);
	hist = clamp(hist, mn, mx);
	outColor = vec4(YCoCgToRGB(mix(hist, cur, pc.blend)), 1.0);
}
