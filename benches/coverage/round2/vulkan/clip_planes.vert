#version 450

layout(location = 0) in vec3 inPos;
layout(location = 1) in vec2 inUV;

layout(set = 0, binding = 0) uniform UBO {
    mat4 mvp;
    mat4 model;
    vec4 clipPlanes[2];
} ubo;

layout(location = 0) out vec2 outUV;

out gl_PerVertex {
    vec4 gl_Position;
    float gl_ClipDistance[2];
};

void main() {
    vec4 world = ubo.model * vec4(inPos, 1.0);
    gl_ClipDistance[0] = dot(world, ubo.clipPlanes[0]);
    gl_ClipDistance[1] = dot(world, ubo.clipPlanes[1]);
    outUV = inUV;
    gl_Position = ubo.mvp * vec4(inPos, 1.0);
}
