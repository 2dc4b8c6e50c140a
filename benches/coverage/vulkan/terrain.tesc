#version 450
layout(vertices = 4) out;
layout(set = 0, binding = 0) uniform UBO { float tessLevel; } ubo;
layout(location = 0) in vec2 inUV[];
layout(location = 0) out vec2 outUV[4];
void main() {
	if (gl_InvocationID == 0) {
		gl_TessLevelInner[0] = ubo.tessLevel;
		gl_TessLevelInner[1] = ubo.tessLevel;
		gl_TessLevelOuter[0] = ubo.tessLevel;
		gl_TessLevelOuter[1] = ubo.tessLevel;
		gl_TessLevelOuter[2] = ubo.tessLevel;
		gl_TessLevelOuter[3] = ubo.tessLevel;
	}
	gl_out[gl_InvocationID].gl_Position = gl_in[gl_InvocationID].gl_Position;
	outUV[gl_InvocationID] = inUV[gl_InvocationID];
}
