#version 450
layout(local_size_x = 1) in;
layout(std430, binding = 0) buffer Counter { uint count; uint pad[3]; };
layout(std430, binding = 1) writeonly buffer Dispatch { uvec3 groups; };
layout(constant_id = 0) const uint GROUP_SIZE = 64u;
void main() {
	groups = uvec3((count + GROUP_SIZE - 1u) / GROUP_SIZE, 1u, 1u);
	count = 0u;
}
