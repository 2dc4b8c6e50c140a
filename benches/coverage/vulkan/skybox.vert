#version 450
layout(set = 0, binding = 0) uniform UBO { mat4 projection; mat4 view; } ubo;
layout(location = 0) in vec3 inPos;
layout(location = 0) out vec3 outUVW;
void main() {
	outUVW = inPos;
	outUVW.xy *= -1.0;
	mat4 viewNoTranslation = mat4(mat3(ubo.view));
	vec4 p = ubo.projection * viewNoTranslation * vec4(inPos, 1.0);
	gl_Position = p.xyww;
}
