#version 460
#extension GL_EXT_nonuniform_qualifier : require

struct Material {
    vec4 baseColorFactor;
    uint baseColorTexture;
    uint normalTexture;
    uint samplerIndex;
    float alphaCutoff;
};

layout(set = 0, binding = 0) readonly buffer Materials {
    Material materials[];
};
layout(set = 1, binding = 0) uniform texture2D textures[];
layout(set = 1, binding = 1) uniform sampler samplers[4];

layout(location = 0) in vec2 inUV;
layout(location = 1) in vec3 inNormal;
layout(location = 2) flat in uint inMaterialIndex;

layout(location = 0) out vec4 outColor;

void main() {
    Material m = materials[inMaterialIndex];
    vec4 base = texture(nonuniformEXT(sampler2D(textures[m.baseColorTexture], samplers[m.samplerIndex])), inUV);
    base *= m.baseColorFactor;
    if (base.a < m.alphaCutoff) discard;
    vec3 n = texture(sampler2D(textures[nonuniformEXT(m.normalTexture)], samplers[0]), inUV).xyz;
    float ndl = max(dot(normalize(inNormal + n * 0.1), vec3(0.0, 1.0, 0.0)), 0.0);
    outColor = vec4(base.rgb * (0.1 + ndl), base.a);
}
