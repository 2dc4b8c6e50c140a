#version 460
#extension GL_GOOGLE_include_directive : enable
#include "tonemap.glsl"

layout(set = 0, binding = 0) uniform sampler2D hdrColor;
layout(set = 0, binding = 1) uniform sampler2D bloomTex;
layout(set = 0, binding = 2) uniform sampler3D lut;
layout(set = 0, binding = 3) readonly buffer Exposure {
    float averageLuminance;
    float exposureValue;
};

layout(constant_id = 0) const uint TONEMAPPER = 1;
layout(constant_id = 1) const bool APPLY_LUT = true;

layout(push_constant) uniform Params {
    float bloomStrength;
    float vignette;
    float grain;
    uint frameIndex;
} params;

layout(location = 0) in vec2 uv;
layout(location = 0) out vec4 fragColor;

float interleavedGradientNoise(vec2 p, uint frame) {
    p += float(frame % 64u) * 5.588238;
    return fract(52.9829189 * fract(0.06711056 * p.x + 0.00583715 * p.y));
}

void main() {
    vec3 hdr = texture(hdrColor, uv).rgb;
    vec3 bloom = texture(bloomTex, uv).rgb;
    vec3 c = mix(hdr, bloom, params.bloomStrength) * exposureValue / max(averageLuminance, 1e-4);
    switch (TONEMAPPER) {
        case 0u: c = c / (1.0 + c); break;
        case 1u: c = acesApprox(c); break;
        default: c = Uncharted2Tonemap(c * 2.0) / Uncharted2Tonemap(vec3(11.2)); break;
    }
    if (APPLY_LUT) {
        c = texture(lut, c * (31.0 / 32.0) + 0.5 / 32.0).rgb;
    }
    vec2 d = uv - 0.5;
    c *= 1.0 - params.vignette * dot(d, d);
    c += (interleavedGradientNoise(gl_FragCoord.xy, params.frameIndex) - 0.5) * params.grain;
    fragColor = vec4(c, 1.0);
}
