#version 450

layout(local_size_x = 256, local_size_y = 1, local_size_z = 1) in;

layout(std430, binding = 0) buffer Histogram { uint histogram[256]; };
layout(std430, binding = 1) buffer Result { float lumAvg; float lumPrev; };
layout(push_constant) uniform PC {
    uint pixelCount;
    float minLogLum;
    float logLumRange;
    float timeCoeff;
} pc;

shared uint weighted[256];

void main() {
    uint i = gl_LocalInvocationIndex;
    uint countForThisBin = histogram[i];
    weighted[i] = countForThisBin * i;
    barrier();
    histogram[i] = 0;
    for (uint cutoff = (256 >> 1); cutoff > 0; cutoff >>= 1) {
        if (i < cutoff) weighted[i] += weighted[i + cutoff];
        barrier();
    }
    if (i == 0) {
        float weightedLogAverage = (weighted[0] / max(float(pc.pixelCount) - float(countForThisBin), 1.0)) - 1.0;
        float weightedAvgLum = exp2(((weightedLogAverage / 254.0) * pc.logLumRange) + pc.minLogLum);
        float lumLastFrame = lumAvg;
        lumPrev = lumLastFrame;
        lumAvg = lumLastFrame + (weightedAvgLum - lumLastFrame) * pc.timeCoeff;
    }
}
