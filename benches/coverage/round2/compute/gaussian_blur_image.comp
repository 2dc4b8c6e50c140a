#version 450

layout(local_size_x = 128, local_size_y = 1) in;

layout(set = 0, binding = 0) uniform sampler2D inputImage;
layout(set = 0, binding = 1, rgba8) uniform writeonly image2D outputImage;

layout(constant_id = 0) const int RADIUS = 8;
layout(constant_id = 1) const bool HORIZONTAL = true;

shared vec4 cache[128 + 2 * 8];

void main() {
    ivec2 size = imageSize(outputImage);
    ivec2 p = HORIZONTAL ? ivec2(gl_GlobalInvocationID.xy) : ivec2(gl_GlobalInvocationID.yx);
    int lid = int(gl_LocalInvocationID.x);
    vec2 texel = 1.0 / vec2(size);
    ivec2 dir = HORIZONTAL ? ivec2(1, 0) : ivec2(0, 1);
    cache[lid + 8] = textureLod(inputImage, (vec2(p) + 0.5) * texel, 0.0);
    if (lid < 8) {
        cache[lid] = textureLod(inputImage, (vec2(p - dir * 8) + 0.5) * texel, 0.0);
        cache[lid + 128 + 8] = textureLod(inputImage, (vec2(p + dir * 128) + 0.5) * texel, 0.0);
    }
    barrier();
    vec4 sum = vec4(0.0);
    float wsum = 0.0;
    for (int i = -RADIUS; i <= RADIUS; i++) {
        float w = exp(-float(i * i) / (2.0 * float(RADIUS * RADIUS) / 4.0));
        sum += cache[clamp(lid + 8 + i, 0, 128 + 15)] * w;
        wsum += w;
    }
    if (all(lessThan(p, size))) imageStore(outputImage, p, sum / wsum);
}
