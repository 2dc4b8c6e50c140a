#version 300 es
#define varying in
layout(location = 0) out highp vec4 pc_fragColor;
#define gl_FragColor pc_fragColor
#define texture2D texture
#define textureCube texture
precision highp float;
precision highp int;
precision highp sampler2D;
precision highp samplerCube;

#define PI 3.141592653589793
#define saturate(a) clamp(a, 0.0, 1.0)

uniform vec3 diffuse;
uniform float opacity;
uniform float roughness;
uniform float metalness;
uniform float envMapIntensity;
uniform sampler2D map;
uniform sampler2D normalMap;
uniform vec2 normalScale;
uniform samplerCube envMap;
uniform float flipEnvMap;
uniform vec3 ambientLightColor;

struct DirectionalLight {
    vec3 direction;
    vec3 color;
};
uniform DirectionalLight directionalLights[2];

varying vec3 vViewPosition;
varying vec3 vNormal;
varying vec3 vTangent;
varying vec3 vBitangent;
varying vec2 vMapUv;
varying vec3 vWorldPosition;

vec3 BRDF_Lambert(const in vec3 diffuseColor) { return 0.3183098861837907 * diffuseColor; }

vec2 DFGApprox(const in vec3 normal, const in vec3 viewDir, const in float rough) {
    float dotNV = saturate(dot(normal, viewDir));
    const vec4 c0 = vec4(-1, -0.0275, -0.572, 0.022);
    const vec4 c1 = vec4(1, 0.0425, 1.04, -0.04);
    vec4 r = rough * c0 + c1;
    float a004 = min(r.x * r.x, exp2(-9.28 * dotNV)) * r.x + r.y;
    vec2 fab = vec2(-1.04, 1.04) * a004 + r.zw;
    return fab;
}

float getMipLevel(float rough) {
    return rough * 8.0;
}

void main() {
    vec4 diffuseColor = vec4(diffuse, opacity);
    diffuseColor *= texture2D(map, vMapUv);
    float faceDirection = gl_FrontFacing ? 1.0 : -1.0;
    mat3 tbn = mat3(normalize(vTangent), normalize(vBitangent), normalize(vNormal));
    tbn[0] *= faceDirection;
    tbn[1] *= faceDirection;
    vec3 mapN = texture2D(normalMap, vMapUv).xyz * 2.0 - 1.0;
    mapN.xy *= normalScale;
    vec3 normal = normalize(tbn * mapN);
    vec3 viewDir = normalize(vViewPosition);
    vec3 outgoing = vec3(0.0);
    for (int i = 0; i < 2; i++) {
        DirectionalLight l = directionalLights[i];
        float ndl = saturate(dot(normal, l.direction));
        outgoing += ndl * l.color * BRDF_Lambert(diffuseColor.rgb * (1.0 - metalness));
    }
    vec3 reflectVec = reflect(-viewDir, normal);
    reflectVec = normalize(mix(reflectVec, normal, roughness * roughness));
    vec4 envColor = textureLod(envMap, vec3(flipEnvMap * reflectVec.x, reflectVec.yz), getMipLevel(roughness));
    vec2 fab = DFGApprox(normal, viewDir, roughness);
    vec3 specularColor = mix(vec3(0.04), diffuseColor.rgb, metalness);
    outgoing += envColor.rgb * envMapIntensity * (specularColor * fab.x + fab.y);
    outgoing += ambientLightColor * diffuseColor.rgb;
    gl_FragColor = vec4(outgoing, diffuseColor.a);
}
