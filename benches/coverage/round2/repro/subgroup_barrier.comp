#version 450
#extension GL_KHR_shader_subgroup_basic : require
// class: subgroupBarrier / subgroupMemoryBarrier* (naga's IR has a subgroup barrier; its writers mishandle it)
// prism a097dc3: error[E-UNSUPPORTED] subgroup barriers (line 9)
layout(local_size_x = 64) in;
layout(std430, binding = 0) buffer B { uint v[]; };
void main() {
    v[gl_GlobalInvocationID.x] += 1u;
    subgroupBarrier();
}
