precision highp float;
#define NUM_SPOT_LIGHT_SHADOWS 3
attribute vec3 position;
attribute vec3 normal;
uniform mat4 modelMatrix;
uniform mat4 viewMatrix;
uniform mat4 projectionMatrix;
uniform mat4 spotShadowMatrix[NUM_SPOT_LIGHT_SHADOWS];
uniform float shadowNormalBias[NUM_SPOT_LIGHT_SHADOWS];
varying vec4 vSpotShadowCoord[NUM_SPOT_LIGHT_SHADOWS];

void main() {
    vec4 worldPosition = modelMatrix * vec4(position, 1.0);
    vec3 worldNormal = normalize((modelMatrix * vec4(normal, 0.0)).xyz);
    for (int i = 0; i < NUM_SPOT_LIGHT_SHADOWS; i++) {
        vec4 shadowWorldPosition = worldPosition + vec4(worldNormal * shadowNormalBias[i], 0.0);
        vSpotShadowCoord[i] = spotShadowMatrix[i] * shadowWorldPosition;
    }
    gl_Position = projectionMatrix * viewMatrix * worldPosition;
}
