#version 300 es
precision highp float;
uniform vec4 uColor;
uniform sampler2D uOpaqueDepth;
in float vViewZ;
layout(location = 0) out vec4 accum;
layout(location = 1) out float revealage;

float weight(float z, float a) {
    return clamp(pow(min(1.0, a * 10.0) + 0.01, 3.0) * 1e8 * pow(1.0 - z * 0.9, 3.0), 1e-2, 3e3);
}

void main() {
    float opaque = texelFetch(uOpaqueDepth, ivec2(gl_FragCoord.xy), 0).r;
    if (gl_FragCoord.z > opaque) discard;
    vec4 c = vec4(uColor.rgb * uColor.a, uColor.a);
    float w = weight(gl_FragCoord.z, uColor.a);
    accum = c * w;
    revealage = c.a;
}
