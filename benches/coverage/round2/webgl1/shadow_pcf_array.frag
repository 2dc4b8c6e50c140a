precision highp float;

#define NUM_SPOT_LIGHT_SHADOWS 3
#define SHADOWMAP_SOFT 1

uniform sampler2D spotShadowMap[NUM_SPOT_LIGHT_SHADOWS];
varying vec4 vSpotShadowCoord[NUM_SPOT_LIGHT_SHADOWS];

struct SpotLightShadow {
    float shadowBias;
    float shadowNormalBias;
    float shadowRadius;
    vec2 shadowMapSize;
};
uniform SpotLightShadow spotLightShadows[NUM_SPOT_LIGHT_SHADOWS];
uniform vec3 baseColor;

const float UnpackDownscale = 255. / 256.;
const vec3 PackFactors = vec3(256. * 256. * 256., 256. * 256., 256.);
const vec4 UnpackFactors = UnpackDownscale / vec4(PackFactors, 1.);

float unpackRGBAToDepth(const in vec4 v) {
    return dot(v, UnpackFactors);
}

float texture2DCompare(sampler2D depths, vec2 uv, float compare) {
    return step(compare, unpackRGBAToDepth(texture2D(depths, uv)));
}

float getShadow(sampler2D shadowMap, vec2 shadowMapSize, float shadowBias, float shadowRadius, vec4 shadowCoord) {
    float shadow = 1.0;
    shadowCoord.xyz /= shadowCoord.w;
    shadowCoord.z += shadowBias;
    bool inFrustum = shadowCoord.x >= 0.0 && shadowCoord.x <= 1.0 && shadowCoord.y >= 0.0 && shadowCoord.y <= 1.0;
    bool frustumTest = inFrustum && shadowCoord.z <= 1.0;
    if (frustumTest) {
        vec2 texelSize = vec2(1.0) / shadowMapSize;
        float dx0 = -texelSize.x * shadowRadius;
        float dy0 = -texelSize.y * shadowRadius;
        float dx1 = +texelSize.x * shadowRadius;
        float dy1 = +texelSize.y * shadowRadius;
        shadow = (
            texture2DCompare(shadowMap, shadowCoord.xy + vec2(dx0, dy0), shadowCoord.z) +
            texture2DCompare(shadowMap, shadowCoord.xy + vec2(0.0, dy0), shadowCoord.z) +
            texture2DCompare(shadowMap, shadowCoord.xy + vec2(dx1, dy0), shadowCoord.z) +
            texture2DCompare(shadowMap, shadowCoord.xy + vec2(dx0, 0.0), shadowCoord.z) +
            texture2DCompare(shadowMap, shadowCoord.xy, shadowCoord.z) +
            texture2DCompare(shadowMap, shadowCoord.xy + vec2(dx1, 0.0), shadowCoord.z) +
            texture2DCompare(shadowMap, shadowCoord.xy + vec2(dx0, dy1), shadowCoord.z) +
            texture2DCompare(shadowMap, shadowCoord.xy + vec2(0.0, dy1), shadowCoord.z) +
            texture2DCompare(shadowMap, shadowCoord.xy + vec2(dx1, dy1), shadowCoord.z)
        ) * (1.0 / 9.0);
    }
    return shadow;
}

void main() {
    float shadow = 1.0;
    for (int i = 0; i < NUM_SPOT_LIGHT_SHADOWS; i++) {
        SpotLightShadow s = spotLightShadows[i];
        shadow *= getShadow(spotShadowMap[i], s.shadowMapSize, s.shadowBias, s.shadowRadius, vSpotShadowCoord[i]);
    }
    gl_FragColor = vec4(baseColor * shadow, 1.0);
}
