#version 450

layout(binding = 1) uniform sampler2D samplerColor;
layout(binding = 2) uniform sampler2D samplerNormalMap;

layout(location = 0) in vec3 inNormal;
layout(location = 1) in vec2 inUV;
layout(location = 2) in vec3 inColor;
layout(location = 3) in vec3 inWorldPos;
layout(location = 4) in vec3 inTangent;

layout(location = 0) out vec4 outColor;
layout(location = 1) out vec4 outPosition;
layout(location = 2) out vec4 outNormal;
layout(location = 3) out vec4 outAlbedo;

layout(constant_id = 0) const float NEAR_PLANE = 0.1;
layout(constant_id = 1) const float FAR_PLANE = 256.0;

float linearDepth(float depth) {
    float z = depth * 2.0f - 1.0f;
    return (2.0f * NEAR_PLANE * FAR_PLANE) / (FAR_PLANE + NEAR_PLANE - z * (FAR_PLANE - NEAR_PLANE));
}

void main() {
    outPosition = vec4(inWorldPos, 1.0);
    vec3 N = normalize(inNormal);
    N.y = -N.y;
    vec3 T = normalize(inTangent);
    vec3 B = cross(N, T);
    mat3 TBN = mat3(T, B, N);
    vec3 tnorm = TBN * normalize(texture(samplerNormalMap, inUV).xyz * 2.0 - vec3(1.0));
    outNormal = vec4(tnorm, 1.0);
    outAlbedo = texture(samplerColor, inUV);
    outPosition.a = linearDepth(gl_FragCoord.z);
    outColor = vec4(0.0);
}
