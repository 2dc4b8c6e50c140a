#version 450

layout(local_size_x_id = 0, local_size_y_id = 1, local_size_z = 1) in;
layout(constant_id = 2) const uint ITERATIONS = 4;

layout(std430, binding = 0) buffer Grid { float cells[]; };
layout(push_constant) uniform PC { uvec2 dims; float k; } pc;

void main() {
    uvec2 g = gl_GlobalInvocationID.xy;
    if (any(greaterThanEqual(g, pc.dims))) return;
    uint i = g.y * pc.dims.x + g.x;
    float v = cells[i];
    for (uint it = 0; it < ITERATIONS; ++it) {
        v = v + pc.k * (1.0 - v) * float(gl_WorkGroupSize.x * gl_WorkGroupSize.y) / 256.0;
    }
    uvec3 wgs = gl_WorkGroupSize;
    cells[i] = v + float(wgs.z - 1u);
}
