#ifdef GL_ES
precision highp float;
#endif

#define DIFFUSE
#define SPECULARTERM
#define NUM_BONE_INFLUENCERS 0
#define LIGHT0
#define LIGHT1
#define HEMILIGHT1
#define FOG

uniform vec4 vEyePosition;
uniform vec3 vAmbientColor;
uniform vec4 vDiffuseColor;
uniform vec4 vSpecularColor;
uniform vec3 vEmissiveColor;

varying vec3 vPositionW;
varying vec3 vNormalW;
varying vec2 vDiffuseUV;

#ifdef DIFFUSE
uniform sampler2D diffuseSampler;
uniform vec2 vDiffuseInfos;
#endif

#ifdef LIGHT0
uniform vec4 vLightData0;
uniform vec4 vLightDiffuse0;
uniform vec4 vLightSpecular0;
#endif
#ifdef LIGHT1
uniform vec4 vLightData1;
uniform vec4 vLightDiffuse1;
uniform vec4 vLightSpecular1;
uniform vec3 vLightGround1;
#endif

#ifdef FOG
#define FOGMODE_NONE 0.
#define FOGMODE_EXP 1.
#define FOGMODE_EXP2 2.
#define FOGMODE_LINEAR 3.
#define E 2.71828
uniform vec4 vFogInfos;
uniform vec3 vFogColor;
varying vec3 vFogDistance;

float CalcFogFactor() {
    float fogCoeff = 1.0;
    float fogStart = vFogInfos.y;
    float fogEnd = vFogInfos.z;
    float fogDensity = vFogInfos.w;
    float fogDistance = length(vFogDistance);
    if (FOGMODE_LINEAR == vFogInfos.x) {
        fogCoeff = (fogEnd - fogDistance) / (fogEnd - fogStart);
    } else if (FOGMODE_EXP == vFogInfos.x) {
        fogCoeff = 1.0 / pow(E, fogDistance * fogDensity);
    } else if (FOGMODE_EXP2 == vFogInfos.x) {
        fogCoeff = 1.0 / pow(E, fogDistance * fogDistance * fogDensity * fogDensity);
    }
    return clamp(fogCoeff, 0.0, 1.0);
}
#endif

struct lightingInfo {
    vec3 diffuse;
#ifdef SPECULARTERM
    vec3 specular;
#endif
};

lightingInfo computeLighting(vec3 viewDirectionW, vec3 vNormal, vec4 lightData, vec3 diffuseColor, vec3 specularColor, float range, float glossiness) {
    lightingInfo result;
    vec3 lightVectorW;
    float attenuation = 1.0;
    if (lightData.w == 0.) {
        vec3 direction = lightData.xyz - vPositionW;
        attenuation = max(0., 1.0 - length(direction) / range);
        lightVectorW = normalize(direction);
    } else {
        lightVectorW = normalize(-lightData.xyz);
    }
    float ndl = max(0., dot(vNormal, lightVectorW));
    result.diffuse = ndl * diffuseColor * attenuation;
#ifdef SPECULARTERM
    vec3 angleW = normalize(viewDirectionW + lightVectorW);
    float specComp = max(0., dot(vNormal, angleW));
    specComp = pow(specComp, max(1., glossiness));
    result.specular = specComp * specularColor * attenuation;
#endif
    return result;
}

lightingInfo computeHemisphericLighting(vec3 viewDirectionW, vec3 vNormal, vec4 lightData, vec3 diffuseColor, vec3 specularColor, vec3 groundColor, float glossiness) {
    lightingInfo result;
    float ndl = dot(vNormal, lightData.xyz) * 0.5 + 0.5;
    result.diffuse = mix(groundColor, diffuseColor, ndl);
#ifdef SPECULARTERM
    vec3 angleW = normalize(viewDirectionW + lightData.xyz);
    float specComp = max(0., dot(vNormal, angleW));
    specComp = pow(specComp, max(1., glossiness));
    result.specular = specComp * specularColor;
#endif
    return result;
}

void main(void) {
    vec3 viewDirectionW = normalize(vEyePosition.xyz - vPositionW);
    vec4 baseColor = vec4(1., 1., 1., 1.);
    vec3 diffuseColor = vDiffuseColor.rgb;
    float alpha = vDiffuseColor.a;
    vec3 normalW = normalize(vNormalW);
#ifdef DIFFUSE
    baseColor = texture2D(diffuseSampler, vDiffuseUV);
    baseColor.rgb *= vDiffuseInfos.y;
#endif
    vec3 baseAmbientColor = vec3(1., 1., 1.);
    float glossiness = vSpecularColor.a;
    vec3 specularColor = vSpecularColor.rgb;
    vec3 diffuseBase = vec3(0., 0., 0.);
    lightingInfo info;
#ifdef SPECULARTERM
    vec3 specularBase = vec3(0., 0., 0.);
#endif
    float shadow = 1.;
#ifdef LIGHT0
    info = computeLighting(viewDirectionW, normalW, vLightData0, vLightDiffuse0.rgb, vLightSpecular0.rgb, vLightDiffuse0.a, glossiness);
    diffuseBase += info.diffuse * shadow;
#ifdef SPECULARTERM
    specularBase += info.specular * shadow;
#endif
#endif
#ifdef LIGHT1
    info = computeHemisphericLighting(viewDirectionW, normalW, vLightData1, vLightDiffuse1.rgb, vLightSpecular1.rgb, vLightGround1, glossiness);
    diffuseBase += info.diffuse * shadow;
#ifdef SPECULARTERM
    specularBase += info.specular * shadow;
#endif
#endif
    vec3 finalDiffuse = clamp(diffuseBase * diffuseColor + vEmissiveColor + vAmbientColor, 0.0, 1.0) * baseColor.rgb;
#ifdef SPECULARTERM
    vec3 finalSpecular = specularBase * specularColor;
#else
    vec3 finalSpecular = vec3(0.0);
#endif
    vec4 color = vec4(finalDiffuse * baseAmbientColor + finalSpecular, alpha);
#ifdef FOG
    float fog = CalcFogFactor();
    color.rgb = fog * color.rgb + (1.0 - fog) * vFogColor;
#endif
    gl_FragColor = color;
}
