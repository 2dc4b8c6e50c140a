#version 450

layout(set = 0, binding = 0) uniform sampler2D depthTex;
layout(set = 0, binding = 1) uniform sampler2DShadow shadowTex;
layout(set = 0, binding = 2) uniform sampler2D colorTex;

layout(location = 0) in vec4 inShadowPos;
layout(location = 1) in vec2 inUV;
layout(location = 0) out vec4 outColor;

void main() {
    vec3 sc = inShadowPos.xyz / inShadowPos.w;
    vec4 depths = textureGather(depthTex, sc.xy);
    vec4 cmp = textureGather(shadowTex, sc.xy, sc.z);
    vec4 reds = textureGather(colorTex, inUV, 0);
    vec4 greens = textureGatherOffset(colorTex, inUV, ivec2(1, 0), 1);
    vec4 cmpOff = textureGatherOffset(shadowTex, sc.xy, sc.z, ivec2(-1, 0));
    vec4 lit = step(vec4(sc.z), depths);
    float shadow = dot(lit, vec4(0.25)) * 0.5 + dot(cmp + cmpOff, vec4(0.125)) * 0.5;
    outColor = vec4(vec3(dot(reds, vec4(0.25)), dot(greens, vec4(0.25)), 0.0) * shadow, 1.0);
}
