#version 300 es
precision highp float;
precision highp sampler2DArrayShadow;
precision highp sampler2DShadow;
precision mediump sampler2DArray;

#define CASCADES 4

uniform sampler2DArrayShadow uCascades;
uniform sampler2DShadow uSpotShadow;
uniform sampler2DArray uAlbedoArray;
uniform mat4 uCascadeMatrices[CASCADES];
uniform float uSplits[CASCADES];
uniform vec4 uSpotCoordScale;

in vec3 vWorldPos;
in float vViewDepth;
in vec2 vUv;
flat in int vLayer;
in vec4 vSpotCoord;

out vec4 fragColor;

float pcf(vec3 coord, float layer) {
    vec2 texel = 1.0 / vec2(textureSize(uCascades, 0).xy);
    float sum = 0.0;
    for (int y = -1; y <= 1; y++) {
        for (int x = -1; x <= 1; x++) {
            sum += texture(uCascades, vec4(coord.xy + vec2(x, y) * texel, layer, coord.z));
        }
    }
    return sum / 9.0;
}

void main() {
    int cascade = CASCADES - 1;
    for (int i = 0; i < CASCADES; i++) {
        if (vViewDepth < uSplits[i]) { cascade = i; break; }
    }
    vec4 lp = uCascadeMatrices[cascade] * vec4(vWorldPos, 1.0);
    vec3 coord = lp.xyz / lp.w * 0.5 + 0.5;
    float shadow = pcf(coord, float(cascade));
    float spot = textureProj(uSpotShadow, vSpotCoord * uSpotCoordScale);
    float spotOff = textureOffset(uSpotShadow, vSpotCoord.xyz / vSpotCoord.w, ivec2(1, 1));
    float spotLod = textureLod(uSpotShadow, vSpotCoord.xyz / vSpotCoord.w, 0.0);
    vec4 albedo = texture(uAlbedoArray, vec3(vUv, float(vLayer)));
    vec4 albedoLod = textureLod(uAlbedoArray, vec3(vUv, float(vLayer)), 1.0);
    fragColor = vec4(mix(albedo.rgb, albedoLod.rgb, 0.1) * (0.3 + 0.7 * shadow * (spot + spotOff + spotLod) / 3.0), albedo.a);
}
