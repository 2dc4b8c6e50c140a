#version 450

#define HISTOGRAM_BINS 256
#define EPSILON 0.005

layout(local_size_x = 16, local_size_y = 16) in;

layout(set = 0, binding = 0, rgba16f) uniform readonly image2D hdrImage;
layout(std430, set = 0, binding = 1) buffer Histogram { uint histogram[HISTOGRAM_BINS]; };

layout(push_constant) uniform Params {
    float minLogLum;
    float inverseLogLumRange;
} params;

shared uint histogramShared[HISTOGRAM_BINS];

uint colorToBin(vec3 hdrColor, float minLogLum, float inverseLogLumRange) {
    float lum = dot(hdrColor, vec3(0.2125, 0.7154, 0.0721));
    if (lum < EPSILON) return 0;
    float logLum = clamp((log2(lum) - minLogLum) * inverseLogLumRange, 0.0, 1.0);
    return uint(logLum * 254.0 + 1.0);
}

void main() {
    histogramShared[gl_LocalInvocationIndex] = 0;
    groupMemoryBarrier();
    barrier();
    uvec2 dim = uvec2(imageSize(hdrImage));
    if (gl_GlobalInvocationID.x < dim.x && gl_GlobalInvocationID.y < dim.y) {
        vec3 hdrColor = imageLoad(hdrImage, ivec2(gl_GlobalInvocationID.xy)).xyz;
        uint binIndex = colorToBin(hdrColor, params.minLogLum, params.inverseLogLumRange);
        atomicAdd(histogramShared[binIndex], 1);
    }
    memoryBarrierShared();
    barrier();
    atomicAdd(histogram[gl_LocalInvocationIndex], histogramShared[gl_LocalInvocationIndex]);
}
