#version 450
layout(quads, equal_spacing, cw) in;
layout(set = 0, binding = 1) uniform sampler2D heightMap;
layout(set = 0, binding = 0) uniform UBO { mat4 mvp; float scale; } ubo;
layout(location = 0) in vec2 inUV[];
void main() {
	vec2 uv1 = mix(inUV[0], inUV[1], gl_TessCoord.x);
	vec2 uv2 = mix(inUV[3], inUV[2], gl_TessCoord.x);
	vec2 uv = mix(uv1, uv2, gl_TessCoord.y);
	vec4 p1 = mix(gl_in[0].gl_Position, gl_in[1].gl_Position, gl_TessCoord.x);
	vec4 p2 = mix(gl_in[3].gl_Position, gl_in[2].gl_Position, gl_TessCoord.x);
	vec4 p = mix(p1, p2, gl_TessCoord.y);
	p.y -= textureLod(heightMap, uv, 0.0).r * ubo.scale;
	gl_Position = ubo.mvp * p;
}
