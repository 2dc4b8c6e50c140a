#version 450

layout(local_size_x = 8, local_size_y = 8) in;

layout(binding = 0, r32f) uniform readonly image2D inputHeight;
layout(binding = 1, rg16f) uniform writeonly image2D outputGradient;
layout(binding = 2, r8) uniform writeonly image2D outputEdges;

float conv(in float[9] kernel, in float[9] data, in float denom, in float offset) {
    float res = 0.0;
    for (int i = 0; i < 9; ++i) res += kernel[i] * data[i];
    return clamp(res / denom + offset, 0.0, 1.0);
}

void main() {
    ivec2 p = ivec2(gl_GlobalInvocationID.xy);
    ivec2 size = imageSize(inputHeight);
    float n[9];
    int idx = 0;
    for (int i = -1; i < 2; ++i) {
        for (int j = -1; j < 2; ++j) {
            n[idx] = imageLoad(inputHeight, clamp(p + ivec2(i, j), ivec2(0), size - 1)).r;
            idx++;
        }
    }
    float kx[9] = float[9](-1, 0, 1, -2, 0, 2, -1, 0, 1);
    float ky[9] = float[9](-1, -2, -1, 0, 0, 0, 1, 2, 1);
    float gx = conv(kx, n, 1.0, 0.0);
    float gy = conv(ky, n, 1.0, 0.0);
    imageStore(outputGradient, p, vec4(gx, gy, 0.0, 0.0));
    imageStore(outputEdges, p, vec4(length(vec2(gx, gy))));
}
