#version 450
layout(location = 0) in vec3 inRayDir;
layout(location = 1) in vec3 inRayOrigin;
layout(set = 0, binding = 0) uniform Cam { mat4 viewProj; } cam;
layout(location = 0) out vec4 outColor;
void main() {
	vec3 c = vec3(0.0, 0.0, 0.0);
	float r = 1.0;
	vec3 oc = inRayOrigin - c;
	float b = dot(oc, inRayDir);
	float h = b * b - dot(oc, oc) + r * r;
	if (h < 0.0) discard;
	float t = -b - sqrt(h);
	vec3 p = inRayOrigin + inRayDir * t;
	vec4 clip = cam.viewProj * vec4(p, 1.0);
	gl_FragDepth = clip.z / clip.w;
	vec3 n = normalize(p - c);
	outColor = vec4(n * 0.5 + 0.5, 1.0);
	if (gl_FragCoord.x < 1.0) outColor.rgb = vec3(gl_SampleID >= 0 ? 1.0 : 0.0);
}
