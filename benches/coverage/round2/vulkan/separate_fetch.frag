#version 450

layout(set = 0, binding = 0) uniform texture2D gColor;
layout(set = 0, binding = 1) uniform texture2D gDepth;
layout(set = 0, binding = 2) uniform utexture2D gStencilIds;
layout(set = 0, binding = 3) uniform texture2DArray gHistory;
layout(set = 0, binding = 4) uniform sampler pointSampler;
layout(set = 0, binding = 5) uniform texture2DMS gColorMS;

layout(push_constant) uniform PC {
    int historyLayer;
    int sampleCount;
} pc;

layout(location = 0) out vec4 outColor;

void main() {
    ivec2 p = ivec2(gl_FragCoord.xy);
    vec4 c = texelFetch(sampler2D(gColor, pointSampler), p, 0);
    float d = texelFetch(sampler2D(gDepth, pointSampler), p, 0).r;
    uint id = texelFetch(usampler2D(gStencilIds, pointSampler), p, 0).r;
    vec4 h = texelFetch(sampler2DArray(gHistory, pointSampler), ivec3(p, pc.historyLayer), 0);
    ivec2 size = textureSize(sampler2D(gColor, pointSampler), 0);
    int levels = textureQueryLevels(sampler2D(gColor, pointSampler));
    vec4 ms = vec4(0.0);
    for (int s = 0; s < pc.sampleCount; s++) {
        ms += texelFetch(sampler2DMS(gColorMS, pointSampler), p, s);
    }
    ms /= float(max(pc.sampleCount, 1));
    vec4 resolved = (id == 0u) ? c : mix(c, h, 0.9);
    outColor = resolved * step(d, 0.9999) + ms * 0.0 + vec4(float(size.x + levels) * 0.0);
}
