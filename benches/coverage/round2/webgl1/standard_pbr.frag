#extension GL_OES_standard_derivatives : enable
precision highp float;
precision highp int;

#define PI 3.141592653589793
#define RECIPROCAL_PI 0.3183098861837907
#define EPSILON 1e-6
#define saturate(a) clamp(a, 0.0, 1.0)
#define NUM_DIR_LIGHTS 2
#define NUM_POINT_LIGHTS 3

uniform vec3 diffuse;
uniform vec3 emissive;
uniform float roughness;
uniform float metalness;
uniform float opacity;
uniform vec3 ambientLightColor;

struct DirectionalLight {
    vec3 direction;
    vec3 color;
};
uniform DirectionalLight directionalLights[NUM_DIR_LIGHTS];

struct PointLight {
    vec3 position;
    vec3 color;
    float distance;
    float decay;
};
uniform PointLight pointLights[NUM_POINT_LIGHTS];

varying vec3 vViewPosition;
varying vec3 vNormal;
varying vec2 vUv;

uniform sampler2D map;
uniform sampler2D roughnessMap;

struct IncidentLight {
    vec3 color;
    vec3 direction;
    bool visible;
};

struct ReflectedLight {
    vec3 directDiffuse;
    vec3 directSpecular;
    vec3 indirectDiffuse;
    vec3 indirectSpecular;
};

struct GeometricContext {
    vec3 position;
    vec3 normal;
    vec3 viewDir;
};

float pow2(const in float x) { return x * x; }

float getDistanceAttenuation(const in float lightDistance, const in float cutoffDistance, const in float decayExponent) {
    if (cutoffDistance > 0.0 && decayExponent > 0.0) {
        return pow(saturate(-lightDistance / cutoffDistance + 1.0), decayExponent);
    }
    return 1.0;
}

vec3 F_Schlick(const in vec3 f0, const in float f90, const in float dotVH) {
    float fresnel = exp2((-5.55473 * dotVH - 6.98316) * dotVH);
    return f0 * (1.0 - fresnel) + (f90 * fresnel);
}

float V_GGX_SmithCorrelated(const in float alpha, const in float dotNL, const in float dotNV) {
    float a2 = pow2(alpha);
    float gv = dotNL * sqrt(a2 + (1.0 - a2) * pow2(dotNV));
    float gl = dotNV * sqrt(a2 + (1.0 - a2) * pow2(dotNL));
    return 0.5 / max(gv + gl, EPSILON);
}

float D_GGX(const in float alpha, const in float dotNH) {
    float a2 = pow2(alpha);
    float denom = pow2(dotNH) * (a2 - 1.0) + 1.0;
    return RECIPROCAL_PI * a2 / pow2(denom);
}

vec3 BRDF_GGX(const in IncidentLight incidentLight, const in GeometricContext geometry, const in vec3 f0, const in float f90, const in float rough) {
    float alpha = pow2(rough);
    vec3 halfDir = normalize(incidentLight.direction + geometry.viewDir);
    float dotNL = saturate(dot(geometry.normal, incidentLight.direction));
    float dotNV = saturate(dot(geometry.normal, geometry.viewDir));
    float dotNH = saturate(dot(geometry.normal, halfDir));
    float dotVH = saturate(dot(geometry.viewDir, halfDir));
    vec3 F = F_Schlick(f0, f90, dotVH);
    float V = V_GGX_SmithCorrelated(alpha, dotNL, dotNV);
    float D = D_GGX(alpha, dotNH);
    return F * (V * D);
}

void getPointLightInfo(const in PointLight pointLight, const in GeometricContext geometry, out IncidentLight light) {
    vec3 lVector = pointLight.position - geometry.position;
    light.direction = normalize(lVector);
    float lightDistance = length(lVector);
    light.color = pointLight.color;
    light.color *= getDistanceAttenuation(lightDistance, pointLight.distance, pointLight.decay);
    light.visible = (light.color != vec3(0.0));
}

void RE_Direct(const in IncidentLight directLight, const in GeometricContext geometry, const in vec3 diffuseColor, const in vec3 specularColor, const in float rough, inout ReflectedLight reflectedLight) {
    float dotNL = saturate(dot(geometry.normal, directLight.direction));
    vec3 irradiance = dotNL * directLight.color;
    reflectedLight.directSpecular += irradiance * BRDF_GGX(directLight, geometry, specularColor, 1.0, rough);
    reflectedLight.directDiffuse += irradiance * RECIPROCAL_PI * diffuseColor;
}

void main() {
    vec4 diffuseColor = vec4(diffuse, opacity);
    vec4 texelColor = texture2D(map, vUv);
    diffuseColor *= texelColor;
    float roughnessFactor = roughness * texture2D(roughnessMap, vUv).g;
    vec3 fdx = dFdx(vViewPosition);
    vec3 fdy = dFdy(vViewPosition);
    vec3 faceNormal = normalize(cross(fdx, fdy));
    vec3 normal = normalize(vNormal);
    normal *= gl_FrontFacing ? 1.0 : -1.0;
    float geometryRoughness = max(max(abs(fdx.x), abs(fdy.y)), abs(faceNormal.z));
    roughnessFactor = min(max(roughnessFactor, 0.0525) + geometryRoughness, 1.0);

    GeometricContext geometry;
    geometry.position = -vViewPosition;
    geometry.normal = normal;
    geometry.viewDir = normalize(vViewPosition);

    ReflectedLight reflectedLight = ReflectedLight(vec3(0.0), vec3(0.0), vec3(0.0), vec3(0.0));
    vec3 diffuseRGB = diffuseColor.rgb * (1.0 - metalness);
    vec3 specularRGB = mix(vec3(0.04), diffuseColor.rgb, metalness);

    IncidentLight directLight;
    for (int i = 0; i < NUM_POINT_LIGHTS; i++) {
        getPointLightInfo(pointLights[i], geometry, directLight);
        if (directLight.visible) {
            RE_Direct(directLight, geometry, diffuseRGB, specularRGB, roughnessFactor, reflectedLight);
        }
    }
    for (int i = 0; i < NUM_DIR_LIGHTS; i++) {
        directLight.color = directionalLights[i].color;
        directLight.direction = directionalLights[i].direction;
        directLight.visible = true;
        RE_Direct(directLight, geometry, diffuseRGB, specularRGB, roughnessFactor, reflectedLight);
    }
    reflectedLight.indirectDiffuse += ambientLightColor * RECIPROCAL_PI * diffuseRGB;
    vec3 outgoing = reflectedLight.directDiffuse + reflectedLight.indirectDiffuse + reflectedLight.directSpecular + emissive;
    gl_FragColor = vec4(outgoing, diffuseColor.a);
}
