#version 300 es
precision mediump float;

uniform sampler2D uSource;
uniform float uThreshold;
uniform float uKnee;
uniform int uMip;
uniform bool uFirstPass;
in vec2 vUv;
out vec4 outColor;

vec3 quadraticThreshold(vec3 color, float threshold, vec3 curve) {
    float br = max(color.r, max(color.g, color.b));
    float rq = clamp(br - curve.x, 0.0, curve.y);
    rq = curve.z * rq * rq;
    color *= max(rq, br - threshold) / max(br, 1e-4);
    return color;
}

vec3 downsample13(sampler2D tex, vec2 uv, vec2 texel, float lod) {
    vec3 a = textureLod(tex, uv + texel * vec2(-1.0, -1.0), lod).rgb;
    vec3 b = textureLod(tex, uv + texel * vec2(0.0, -1.0), lod).rgb;
    vec3 c = textureLod(tex, uv + texel * vec2(1.0, -1.0), lod).rgb;
    vec3 d = textureLod(tex, uv + texel * vec2(-0.5, -0.5), lod).rgb;
    vec3 e = textureLod(tex, uv + texel * vec2(0.5, -0.5), lod).rgb;
    vec3 f = textureLod(tex, uv + texel * vec2(-1.0, 0.0), lod).rgb;
    vec3 g = textureLod(tex, uv, lod).rgb;
    vec3 h = textureLod(tex, uv + texel * vec2(1.0, 0.0), lod).rgb;
    vec3 i = textureLod(tex, uv + texel * vec2(-0.5, 0.5), lod).rgb;
    vec3 j = textureLod(tex, uv + texel * vec2(0.5, 0.5), lod).rgb;
    vec3 k = textureLod(tex, uv + texel * vec2(-1.0, 1.0), lod).rgb;
    vec3 l = textureLod(tex, uv + texel * vec2(0.0, 1.0), lod).rgb;
    vec3 m = textureLod(tex, uv + texel * vec2(1.0, 1.0), lod).rgb;
    vec3 res = (d + e + i + j) * 0.125;
    res += (a + b + g + f) * 0.03125;
    res += (b + c + h + g) * 0.03125;
    res += (f + g + l + k) * 0.03125;
    res += (g + h + m + l) * 0.03125;
    return res;
}

void main() {
    float lod = float(uMip);
    vec2 texel = 1.0 / vec2(textureSize(uSource, uMip));
    vec3 c = downsample13(uSource, vUv, texel, lod);
    if (uFirstPass) {
        vec3 curve = vec3(uThreshold - uKnee, uKnee * 2.0, 0.25 / uKnee);
        c = quadraticThreshold(c, uThreshold, curve);
    }
    outColor = vec4(c, 1.0);
}
