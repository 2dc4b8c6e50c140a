#version 450
layout(set = 0, binding = 0) uniform Globals { mat4 viewProj; float time; };
layout(location = 0) in vec3 inPos;
layout(location = 1) in vec3 inNormal;
layout(location = 2) in uint inMaterial;
layout(location = 0) out VS_OUT {
	vec3 normal;
	vec3 worldPos;
	flat uint material;
	noperspective vec2 screenUV;
} vs_out;
void main() {
	vec3 p = inPos + inNormal * sin(time) * 0.01;
	vs_out.normal = inNormal;
	vs_out.worldPos = p;
	vs_out.material = inMaterial;
	gl_Position = viewProj * vec4(p, 1.0);
	vs_out.screenUV = gl_Position.xy / gl_Position.w * 0.5 + 0.5;
}
