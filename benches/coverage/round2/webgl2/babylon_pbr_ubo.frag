#version 300 es
#define WEBGL2
#define NUM_SAMPLES 8
#define ALBEDO
#define REFLECTIVITY
precision highp float;
#pragma optimize(on)

layout(std140, column_major) uniform;

uniform Material {
    vec4 vAlbedoColor;
    vec4 vReflectivityColor;
    vec3 vEmissiveColor;
    float visibility;
    vec2 vAlbedoInfos;
    vec2 vReflectivityInfos;
    mat4 albedoMatrix;
    mat3 reflectivityMatrix3;
    bvec3 enabledTerms;
    float pointSize;
};

uniform Scene {
    mat4 viewProjection;
    mat4 view;
    vec4 vEyePosition;
};

uniform sampler2D albedoSampler;
uniform sampler2D reflectivitySampler;

in vec3 vPositionW;
in vec3 vNormalW;
in vec2 vAlbedoUV;

out vec4 glFragColor;

#line 40
vec3 fresnelSchlick(vec3 f0, float cosTheta) {
    return f0 + (1.0 - f0) * pow(1.0 - cosTheta, 5.0);
}

void main(void) {
    vec3 viewDirectionW = normalize(vEyePosition.xyz - vPositionW);
    vec3 normalW = normalize(vNormalW);
    vec3 surfaceAlbedo = vAlbedoColor.rgb;
    float alpha = vAlbedoColor.a;
#ifdef ALBEDO
    vec4 albedoTexture = texture(albedoSampler, (albedoMatrix * vec4(vAlbedoUV, 1.0, 0.0)).xy);
    surfaceAlbedo *= albedoTexture.rgb * vAlbedoInfos.y;
    alpha *= albedoTexture.a;
#endif
    vec3 reflectivity = vReflectivityColor.rgb;
#ifdef REFLECTIVITY
    vec2 ruv = (reflectivityMatrix3 * vec3(vAlbedoUV, 1.0)).xy;
    reflectivity *= texture(reflectivitySampler, ruv).rgb * vReflectivityInfos.y;
#endif
    float NdotV = max(dot(normalW, viewDirectionW), 0.0);
    vec3 F = fresnelSchlick(reflectivity, NdotV);
    vec3 color = surfaceAlbedo * (1.0 - F);
    if (enabledTerms.x) color += F;
    if (enabledTerms.y) color += vEmissiveColor;
    if (enabledTerms.z) color *= visibility;
    glFragColor = vec4(color, alpha);
}
