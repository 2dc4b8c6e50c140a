#version 450
layout(location = 0) in vec2 inUV;
layout(location = 1) sample in vec3 inNormal;
layout(set = 0, binding = 0) uniform sampler2D tex;
layout(location = 0) out vec4 outColor;
void main() {
	vec2 dx = dFdxFine(inUV), dy = dFdyCoarse(inUV);
	float lod = textureQueryLod(tex, inUV).x;
	int levels = textureQueryLevels(tex);
	vec4 c = textureGrad(tex, inUV, dx, dy);
	if (gl_HelperInvocation) c = vec4(0.0);
	c.rgb *= float(gl_PrimitiveID & 7) / 7.0;
	c.a = float(levels) * 0.0 + lod * 0.0 + 1.0;
	outColor = c * max(dot(normalize(inNormal), vec3(0, 0, 1)), 0.0) + fwidthFine(inUV).x;
	gl_SampleMask[0] = gl_SampleMaskIn[0];
}
