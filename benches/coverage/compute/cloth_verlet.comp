#version 450
struct Particle { vec4 pos; vec4 prev; vec4 normal; };
layout(std430, binding = 0) readonly buffer In { Particle pin[]; };
layout(std430, binding = 1) buffer Out { Particle pout[]; };
layout(binding = 2) uniform UBO { float dt; float stiffness; float rest; vec4 gravity; ivec2 grid; } ubo;
layout(local_size_x = 10, local_size_y = 10) in;
vec3 spring(vec3 a, vec3 b, float rest) {
	vec3 d = b - a;
	float l = length(d);
	return l > 0.0 ? d / l * (l - rest) * ubo.stiffness : vec3(0.0);
}
void main() {
	ivec2 id = ivec2(gl_GlobalInvocationID.xy);
	if (id.x >= ubo.grid.x || id.y >= ubo.grid.y) return;
	uint index = uint(id.y * ubo.grid.x + id.x);
	if (index == 0u) { pout[index] = pin[index]; return; }
	vec3 p = pin[index].pos.xyz;
	vec3 f = ubo.gravity.xyz;
	if (id.x > 0) f += spring(p, pin[index - 1u].pos.xyz, ubo.rest);
	if (id.x < ubo.grid.x - 1) f += spring(p, pin[index + 1u].pos.xyz, ubo.rest);
	if (id.y > 0) f += spring(p, pin[index - uint(ubo.grid.x)].pos.xyz, ubo.rest);
	if (id.y < ubo.grid.y - 1) f += spring(p, pin[index + uint(ubo.grid.x)].pos.xyz, ubo.rest);
	vec3 prev = pin[index].prev.xyz;
	vec3 np = p + (p - prev) * 0.99 + f * ubo.dt * ubo.dt;
	pout[index].pos = vec4(np, 1.0);
	pout[index].prev = vec4(p, 1.0);
	pout[index].normal = pin[index].normal;
}
