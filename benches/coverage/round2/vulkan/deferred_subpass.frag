#version 450
#extension GL_GOOGLE_include_directive : require
#include "scene_ubo.glsl"

layout(input_attachment_index = 0, set = 1, binding = 0) uniform subpassInput inputPosition;
layout(input_attachment_index = 1, set = 1, binding = 1) uniform subpassInput inputNormal;
layout(input_attachment_index = 2, set = 1, binding = 2) uniform subpassInput inputAlbedo;

layout(std430, set = 1, binding = 3) readonly buffer LightsBuffer {
    Light lights[];
};

layout(location = 0) in vec2 inUV;
layout(location = 0) out vec4 outColor;

void main() {
    vec3 fragPos = subpassLoad(inputPosition).rgb;
    vec3 normal = subpassLoad(inputNormal).rgb;
    vec4 albedo = subpassLoad(inputAlbedo);
    const float ambient = 0.05;
    vec3 fragcolor = albedo.rgb * ambient;
    for (uint i = 0u; i < scene.lightCount; i++) {
        Light l = lights[i];
        vec3 L = l.position.xyz - fragPos;
        float dist = length(L);
        L = normalize(L);
        float atten = l.radius / (pow(dist, 2.0) + 1.0);
        vec3 N = normalize(normal);
        float NdotL = max(0.0, dot(N, L));
        vec3 diff = l.color.rgb * albedo.rgb * NdotL * atten;
        vec3 V = normalize(scene.cameraPos.xyz - fragPos);
        vec3 R = reflect(-L, N);
        float NdotR = max(0.0, dot(R, V));
        vec3 spec = l.color.rgb * albedo.a * pow(NdotR, 16.0) * atten;
        fragcolor += (diff + spec) * l.intensity;
    }
    outColor = vec4(fragcolor, 1.0);
}
