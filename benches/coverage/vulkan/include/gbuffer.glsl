#ifndef GBUFFER_GLSL
#define GBUFFER_GLSL
vec2 octWrap(vec2 v) { return (1.0 - abs(v.yx)) * mix(vec2(-1.0), vec2(1.0), greaterThanEqual(v.xy, vec2(0.0))); }
vec2 encodeNormal(vec3 n) {
	n /= (abs(n.x) + abs(n.y) + abs(n.z));
	n.xy = n.z >= 0.0 ? n.xy : octWrap(n.xy);
	return n.xy * 0.5 + 0.5;
}
vec3 decodeNormal(vec2 f) {
	f = f * 2.0 - 1.0;
	vec3 n = vec3(f.x, f.y, 1.0 - abs(f.x) - abs(f.y));
	float t = clamp(-n.z, 0.0, 1.0);
	n.xy += mix(vec2(t), vec2(-t), greaterThanEqual(n.xy, vec2(0.0)));
	return normalize(n);
}
#endif
