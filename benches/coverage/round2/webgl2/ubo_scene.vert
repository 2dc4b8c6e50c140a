#version 300 es
precision highp float;

layout(std140) uniform Camera {
    mat4 view;
    mat4 projection;
    mat4 viewProjection;
    vec3 position;
    float near;
    float far;
} camera;

layout(std140) uniform Model {
    mat4 world;
    mat3 normalWorld;
    vec4 tint;
};

layout(location = 0) in vec3 aPosition;
layout(location = 1) in vec3 aNormal;
layout(location = 2) in vec2 aUv;

out vec3 vNormal;
out vec2 vUv;
out vec3 vWorldPos;
centroid out vec4 vTint;

void main() {
    vec4 wp = world * vec4(aPosition, 1.0);
    vWorldPos = wp.xyz;
    vNormal = normalize(normalWorld * aNormal);
    vUv = aUv;
    vTint = tint;
    gl_Position = camera.viewProjection * wp;
}
