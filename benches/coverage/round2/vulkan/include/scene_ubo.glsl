#ifndef SCENE_UBO_GLSL
#define SCENE_UBO_GLSL

struct Light {
    vec4 position;
    vec4 color;
    float radius;
    float intensity;
    uint type;
    uint shadowIndex;
};

layout(set = 0, binding = 0) uniform SceneUBO {
    mat4 projection;
    mat4 view;
    mat4 viewInverse;
    vec4 cameraPos;
    vec4 lightDir;
    float exposure;
    float gamma;
    uint lightCount;
    uint frame;
} scene;

#endif
