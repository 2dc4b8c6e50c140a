#version 450
layout(set = 0, binding = 0) uniform UBO { mat4 mvp; vec4 clipPlane; } ubo;
layout(location = 0) in vec4 inPos;
out gl_PerVertex {
	vec4 gl_Position;
	float gl_ClipDistance[1];
};
void main() {
	gl_Position = ubo.mvp * inPos;
	gl_ClipDistance[0] = dot(inPos, ubo.clipPlane);
}
