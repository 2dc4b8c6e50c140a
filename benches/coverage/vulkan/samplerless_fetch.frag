#version 450
#extension GL_EXT_samplerless_texture_functions : require
layout(set = 0, binding = 0) uniform texture2D colorTex;
layout(set = 0, binding = 1) uniform texture2DMS msDepth;
layout(set = 0, binding = 2) uniform utexture2D idTex;
layout(location = 0) out vec4 outColor;
void main() {
	ivec2 p = ivec2(gl_FragCoord.xy);
	vec4 c = texelFetch(colorTex, p, 0);
	float d = 0.0;
	for (int s = 0; s < 4; ++s) d += texelFetch(msDepth, p, s).r;
	uint id = texelFetch(idTex, p, 0).r;
	ivec2 sz = textureSize(colorTex, 0);
	outColor = vec4(c.rgb * (d * 0.25), float(id & 255u) / 255.0 + float(sz.x) * 0.0);
}
