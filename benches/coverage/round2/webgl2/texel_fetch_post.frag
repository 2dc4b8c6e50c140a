#version 300 es
precision highp float;
precision highp sampler2D;

uniform sampler2D uScene;
uniform sampler2D uDepth;
uniform float uEdgeThreshold;
out vec4 fragColor;

float luma(vec3 c) { return dot(c, vec3(0.2126, 0.7152, 0.0722)); }

void main() {
    ivec2 size = textureSize(uScene, 0);
    ivec2 p = ivec2(gl_FragCoord.xy);
    ivec2 pmax = size - 1;
    float tl = luma(texelFetch(uScene, clamp(p + ivec2(-1, 1), ivec2(0), pmax), 0).rgb);
    float t  = luma(texelFetch(uScene, clamp(p + ivec2(0, 1), ivec2(0), pmax), 0).rgb);
    float tr = luma(texelFetch(uScene, clamp(p + ivec2(1, 1), ivec2(0), pmax), 0).rgb);
    float l  = luma(texelFetch(uScene, clamp(p + ivec2(-1, 0), ivec2(0), pmax), 0).rgb);
    float r  = luma(texelFetch(uScene, clamp(p + ivec2(1, 0), ivec2(0), pmax), 0).rgb);
    float bl = luma(texelFetch(uScene, clamp(p + ivec2(-1, -1), ivec2(0), pmax), 0).rgb);
    float b  = luma(texelFetch(uScene, clamp(p + ivec2(0, -1), ivec2(0), pmax), 0).rgb);
    float br = luma(texelFetch(uScene, clamp(p + ivec2(1, -1), ivec2(0), pmax), 0).rgb);
    float gx = -tl - 2.0 * l - bl + tr + 2.0 * r + br;
    float gy = -tl - 2.0 * t - tr + bl + 2.0 * b + br;
    float edge = step(uEdgeThreshold, sqrt(gx * gx + gy * gy));
    vec2 uv = gl_FragCoord.xy / vec2(size);
    float d0 = textureOffset(uDepth, uv, ivec2(1, 0)).r;
    float d1 = textureOffset(uDepth, uv, ivec2(-1, 0)).r;
    float d2 = textureLodOffset(uDepth, uv, 0.0, ivec2(0, 1)).r;
    float d3 = texelFetchOffset(uDepth, p, 0, ivec2(0, -1)).r;
    float dEdge = step(0.01, abs(d0 - d1) + abs(d2 - d3));
    vec3 base = texelFetch(uScene, p, 0).rgb;
    fragColor = vec4(mix(base, vec3(0.0), max(edge, dEdge)), 1.0);
}
