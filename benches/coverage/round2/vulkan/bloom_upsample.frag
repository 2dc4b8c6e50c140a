#version 450

layout(set = 0, binding = 0) uniform texture2D srcTexture;
layout(set = 0, binding = 1) uniform sampler linearClamp;
layout(set = 0, binding = 2) uniform texture2D prevMip;

layout(push_constant) uniform Push {
    vec2 texelSize;
    float filterRadius;
    float intensity;
    int mipLevel;
} pc;

layout(location = 0) in vec2 inUV;
layout(location = 0) out vec4 outColor;

void main() {
    float x = pc.filterRadius * pc.texelSize.x;
    float y = pc.filterRadius * pc.texelSize.y;
    vec3 a = texture(sampler2D(srcTexture, linearClamp), vec2(inUV.x - x, inUV.y + y)).rgb;
    vec3 b = texture(sampler2D(srcTexture, linearClamp), vec2(inUV.x, inUV.y + y)).rgb;
    vec3 c = texture(sampler2D(srcTexture, linearClamp), vec2(inUV.x + x, inUV.y + y)).rgb;
    vec3 d = texture(sampler2D(srcTexture, linearClamp), vec2(inUV.x - x, inUV.y)).rgb;
    vec3 e = texture(sampler2D(srcTexture, linearClamp), vec2(inUV.x, inUV.y)).rgb;
    vec3 f = texture(sampler2D(srcTexture, linearClamp), vec2(inUV.x + x, inUV.y)).rgb;
    vec3 g = texture(sampler2D(srcTexture, linearClamp), vec2(inUV.x - x, inUV.y - y)).rgb;
    vec3 h = texture(sampler2D(srcTexture, linearClamp), vec2(inUV.x, inUV.y - y)).rgb;
    vec3 i = texture(sampler2D(srcTexture, linearClamp), vec2(inUV.x + x, inUV.y - y)).rgb;
    vec3 upsample = e * 4.0;
    upsample += (b + d + f + h) * 2.0;
    upsample += (a + c + g + i);
    upsample *= 1.0 / 16.0;
    vec3 prev = texelFetch(sampler2D(prevMip, linearClamp), ivec2(gl_FragCoord.xy), 0).rgb;
    outColor = vec4(mix(prev, upsample, pc.intensity), 1.0);
}
