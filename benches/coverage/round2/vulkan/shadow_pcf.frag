#version 450

layout(binding = 1) uniform sampler2D shadowMap;
layout(binding = 2) uniform sampler2DShadow shadowMapCmp;

layout(location = 0) in vec3 inNormal;
layout(location = 1) in vec3 inColor;
layout(location = 2) in vec3 inViewVec;
layout(location = 3) in vec3 inLightVec;
layout(location = 4) in vec4 inShadowCoord;

layout(constant_id = 0) const int enablePCF = 0;

layout(location = 0) out vec4 outFragColor;

#define ambient 0.1

float textureProjManual(vec4 shadowCoord, vec2 off) {
    float shadow = 1.0;
    if (shadowCoord.z > -1.0 && shadowCoord.z < 1.0) {
        float dist = texture(shadowMap, shadowCoord.st + off).r;
        if (shadowCoord.w > 0.0 && dist < shadowCoord.z) {
            shadow = ambient;
        }
    }
    return shadow;
}

float filterPCF(vec4 sc) {
    ivec2 texDim = textureSize(shadowMap, 0);
    float scale = 1.5;
    float dx = scale * 1.0 / float(texDim.x);
    float dy = scale * 1.0 / float(texDim.y);
    float shadowFactor = 0.0;
    int count = 0;
    int range = 1;
    for (int x = -range; x <= range; x++) {
        for (int y = -range; y <= range; y++) {
            shadowFactor += textureProjManual(sc, vec2(dx * x, dy * y));
            count++;
        }
    }
    return shadowFactor / count;
}

void main() {
    vec4 sc = inShadowCoord / inShadowCoord.w;
    float shadow = (enablePCF == 1) ? filterPCF(sc) : textureProjManual(sc, vec2(0.0));
    float hw = texture(shadowMapCmp, sc.xyz);
    float hwp = textureProj(shadowMapCmp, inShadowCoord);
    vec3 N = normalize(inNormal);
    vec3 L = normalize(inLightVec);
    vec3 V = normalize(inViewVec);
    vec3 R = normalize(-reflect(L, N));
    vec3 diffuse = max(dot(N, L), ambient) * inColor;
    outFragColor = vec4(diffuse * shadow * mix(hw, hwp, 0.5), 1.0);
}
