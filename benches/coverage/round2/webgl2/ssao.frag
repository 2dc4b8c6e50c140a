#version 300 es
precision highp float;

#define KERNEL_SIZE 32

uniform sampler2D tDepth;
uniform sampler2D tNormal;
uniform sampler2D tNoise;
uniform vec3 kernel[KERNEL_SIZE];
uniform mat4 cameraProjectionMatrix;
uniform mat4 cameraInverseProjectionMatrix;
uniform vec2 resolution;
uniform float kernelRadius;
uniform float minDistance;
uniform float maxDistance;
uniform float cameraNear;
uniform float cameraFar;

in vec2 vUv;
out vec4 fragColor;

float perspectiveDepthToViewZ(const in float depth, const in float near, const in float far) {
    return (near * far) / ((far - near) * depth - far);
}

float viewZToOrthographicDepth(const in float viewZ, const in float near, const in float far) {
    return (viewZ + near) / (near - far);
}

float getLinearDepth(const in vec2 screenPosition) {
    float fragCoordZ = texture(tDepth, screenPosition).x;
    float viewZ = perspectiveDepthToViewZ(fragCoordZ, cameraNear, cameraFar);
    return viewZToOrthographicDepth(viewZ, cameraNear, cameraFar);
}

vec3 getViewPosition(const in vec2 screenPosition, const in float depth, const in float viewZ) {
    float clipW = cameraProjectionMatrix[2][3] * viewZ + cameraProjectionMatrix[3][3];
    vec4 clipPosition = vec4((vec3(screenPosition, depth) - 0.5) * 2.0, 1.0);
    clipPosition *= clipW;
    return (cameraInverseProjectionMatrix * clipPosition).xyz;
}

void main() {
    float depth = texture(tDepth, vUv).x;
    if (depth == 1.0) { fragColor = vec4(1.0); return; }
    float viewZ = perspectiveDepthToViewZ(depth, cameraNear, cameraFar);
    vec3 viewPosition = getViewPosition(vUv, depth, viewZ);
    vec3 viewNormal = texture(tNormal, vUv).xyz * 2.0 - 1.0;
    vec2 noiseScale = resolution / 4.0;
    vec3 random = vec3(texture(tNoise, vUv * noiseScale).r);
    vec3 tangent = normalize(random - viewNormal * dot(random, viewNormal));
    vec3 bitangent = cross(viewNormal, tangent);
    mat3 kernelMatrix = mat3(tangent, bitangent, viewNormal);
    float occlusion = 0.0;
    for (int i = 0; i < KERNEL_SIZE; i++) {
        vec3 sampleVector = kernelMatrix * kernel[i];
        vec3 samplePoint = viewPosition + (sampleVector * kernelRadius);
        vec4 samplePointNDC = cameraProjectionMatrix * vec4(samplePoint, 1.0);
        samplePointNDC /= samplePointNDC.w;
        vec2 samplePointUv = samplePointNDC.xy * 0.5 + 0.5;
        float realDepth = getLinearDepth(samplePointUv);
        float sampleDepth = viewZToOrthographicDepth(samplePoint.z, cameraNear, cameraFar);
        float delta = sampleDepth - realDepth;
        if (delta > minDistance && delta < maxDistance) occlusion += 1.0;
    }
    occlusion = clamp(occlusion / float(KERNEL_SIZE), 0.0, 1.0);
    fragColor = vec4(vec3(1.0 - occlusion), 1.0);
}
