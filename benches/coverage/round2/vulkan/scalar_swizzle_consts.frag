#version 450

layout(set = 0, binding = 0) uniform sampler2D src;
layout(location = 0) in vec2 inUV;
layout(location = 0) out vec4 outColor;

layout(set = 0, binding = 1) uniform Params {
    float strength;
    float threshold;
    int taps;
};

void main() {
    const float offsets[3] = float[3](0.0, 1.3846153846, 3.2307692308);
    const float weights[3] = float[3](0.2270270270, 0.3162162162, 0.0702702703);
    vec2 texel = 1.0 / vec2(textureSize(src, 0));
    vec3 acc = texture(src, inUV).rgb * weights[0];
    for (int i = 1; i < offsets.length(); ++i) {
        acc += texture(src, inUV + vec2(offsets[i], 0.0) * texel).rgb * weights[i];
        acc += texture(src, inUV - vec2(offsets[i], 0.0) * texel).rgb * weights[i];
    }
    float lum = dot(acc, vec3(0.299, 0.587, 0.114));
    vec3 grey = lum.xxx;
    vec4 spread = strength.xxxx * vec4(1.0, 0.5, 0.25, 1.0);
    float mask = step(threshold, lum);
    outColor = vec4(mix(grey, acc, mask.x) * spread.rgb, 1.0);
}
