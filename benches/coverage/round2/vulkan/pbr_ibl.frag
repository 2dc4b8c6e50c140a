#version 450
#extension GL_GOOGLE_include_directive : require

#include "brdf.glsl"
#include "tonemap.glsl"

layout(location = 0) in vec3 inWorldPos;
layout(location = 1) in vec3 inNormal;
layout(location = 2) in vec2 inUV;
layout(location = 3) in vec4 inTangent;

layout(set = 0, binding = 0) uniform UBO {
    mat4 projection;
    mat4 model;
    mat4 view;
    vec3 camPos;
} ubo;

layout(set = 0, binding = 1) uniform UBOParams {
    vec4 lights[4];
    float exposure;
    float gamma;
} uboParams;

layout(set = 0, binding = 2) uniform samplerCube samplerIrradiance;
layout(set = 0, binding = 3) uniform sampler2D samplerBRDFLUT;
layout(set = 0, binding = 4) uniform samplerCube prefilteredMap;

layout(set = 1, binding = 0) uniform sampler2D albedoMap;
layout(set = 1, binding = 1) uniform sampler2D normalMap;
layout(set = 1, binding = 2) uniform sampler2D aoMap;
layout(set = 1, binding = 3) uniform sampler2D metallicMap;
layout(set = 1, binding = 4) uniform sampler2D roughnessMap;

layout(location = 0) out vec4 outColor;

#define ALBEDO pow(texture(albedoMap, inUV).rgb, vec3(2.2))

vec3 prefilteredReflection(vec3 R, float roughness) {
    const float MAX_REFLECTION_LOD = 9.0;
    float lod = roughness * MAX_REFLECTION_LOD;
    float lodf = floor(lod);
    float lodc = ceil(lod);
    vec3 a = textureLod(prefilteredMap, R, lodf).rgb;
    vec3 b = textureLod(prefilteredMap, R, lodc).rgb;
    return mix(a, b, lod - lodf);
}

vec3 specularContribution(vec3 L, vec3 V, vec3 N, vec3 F0, float metallic, float roughness) {
    vec3 H = normalize(V + L);
    float dotNH = clamp(dot(N, H), 0.0, 1.0);
    float dotNV = clamp(dot(N, V), 0.0, 1.0);
    float dotNL = clamp(dot(N, L), 0.0, 1.0);
    vec3 lightColor = vec3(1.0);
    vec3 color = vec3(0.0);
    if (dotNL > 0.0) {
        float D = D_GGX(dotNH, roughness);
        float G = G_SchlicksmithGGX(dotNL, dotNV, roughness);
        vec3 F = F_Schlick(dotNV, F0);
        vec3 spec = D * F * G / (4.0 * dotNL * dotNV + 0.001);
        vec3 kD = (vec3(1.0) - F) * (1.0 - metallic);
        color += (kD * ALBEDO / PI + spec) * dotNL;
    }
    return color;
}

vec3 calculateNormal() {
    vec3 tangentNormal = texture(normalMap, inUV).xyz * 2.0 - 1.0;
    vec3 N = normalize(inNormal);
    vec3 T = normalize(inTangent.xyz);
    vec3 B = normalize(cross(N, T));
    mat3 TBN = mat3(T, B, N);
    return normalize(TBN * tangentNormal);
}

void main() {
    vec3 N = calculateNormal();
    vec3 V = normalize(ubo.camPos - inWorldPos);
    vec3 R = reflect(-V, N);
    float metallic = texture(metallicMap, inUV).r;
    float roughness = texture(roughnessMap, inUV).r;
    vec3 F0 = vec3(0.04);
    F0 = mix(F0, ALBEDO, metallic);
    vec3 Lo = vec3(0.0);
    for (int i = 0; i < uboParams.lights.length(); i++) {
        vec3 L = normalize(uboParams.lights[i].xyz - inWorldPos);
        Lo += specularContribution(L, V, N, F0, metallic, roughness);
    }
    vec2 brdf = texture(samplerBRDFLUT, vec2(max(dot(N, V), 0.0), roughness)).rg;
    vec3 reflection = prefilteredReflection(R, roughness).rgb;
    vec3 irradiance = texture(samplerIrradiance, N).rgb;
    vec3 diffuse = irradiance * ALBEDO;
    vec3 F = F_SchlickR(max(dot(N, V), 0.0), F0, roughness);
    vec3 specular = reflection * (F * brdf.x + brdf.y);
    vec3 kD = 1.0 - F;
    kD *= 1.0 - metallic;
    vec3 ambient = (kD * diffuse + specular) * texture(aoMap, inUV).rrr;
    vec3 color = ambient + Lo;
    color = Uncharted2Tonemap(color * uboParams.exposure);
    color = color * (1.0f / Uncharted2Tonemap(vec3(11.2f)));
    color = pow(color, vec3(1.0f / uboParams.gamma));
    outColor = vec4(color, 1.0);
}
