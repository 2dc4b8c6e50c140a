#version 450
struct Instance { mat4 model; vec4 color; };
layout(std430, set = 0, binding = 0) readonly buffer Instances { Instance instances[]; };
layout(std140, set = 0, binding = 1) uniform Camera { mat4 viewProj; } cam;
layout(location = 0) in vec3 inPos;
layout(location = 1) in vec3 inNormal;
layout(location = 0) out vec3 outNormal;
layout(location = 1) out vec4 outColor;
layout(location = 2) flat out int outInstance;
void main() {
	Instance inst = instances[gl_InstanceIndex];
	outNormal = mat3(inst.model) * inNormal;
	outColor = inst.color;
	outInstance = gl_InstanceIndex;
	gl_Position = cam.viewProj * inst.model * vec4(inPos, 1.0);
}
