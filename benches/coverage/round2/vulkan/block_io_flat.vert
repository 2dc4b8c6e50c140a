#version 450

layout(location = 0) in vec3 inPos;
layout(location = 1) in vec3 inNormal;
layout(location = 2) in uint inMaterial;
layout(location = 3) in ivec2 inAtlasCell;

layout(set = 0, binding = 0) uniform Globals {
    mat4 viewProj;
    vec4 time;
};

layout(set = 1, binding = 0) readonly buffer Transforms {
    mat4 model[];
};

layout(location = 0) out VertexData {
    vec3 normal;
    vec3 worldPos;
    flat uint material;
    flat ivec2 atlasCell;
    noperspective vec2 screenUV;
    centroid vec3 bary;
} vout;

void main() {
    vec4 wp = model[gl_InstanceIndex] * vec4(inPos, 1.0);
    vout.normal = mat3(model[gl_InstanceIndex]) * inNormal;
    vout.worldPos = wp.xyz;
    vout.material = inMaterial;
    vout.atlasCell = inAtlasCell;
    gl_Position = viewProj * wp;
    vout.screenUV = gl_Position.xy / gl_Position.w * 0.5 + 0.5;
    vout.bary = vec3(gl_VertexIndex % 3 == 0, gl_VertexIndex % 3 == 1, gl_VertexIndex % 3 == 2);
}
