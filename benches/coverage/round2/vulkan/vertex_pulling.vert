#version 460

struct Vertex {
    float px, py, pz;
    float nx, ny, nz;
    float u, v;
};

layout(std430, set = 0, binding = 0) readonly buffer Vertices {
    Vertex vertices[];
};

layout(std430, set = 0, binding = 1) readonly buffer Instances {
    mat4 instanceModels[];
};

layout(std430, set = 0, binding = 2) readonly buffer DrawData {
    uint materialOf[];
} drawData;

layout(set = 0, binding = 3) uniform Camera {
    mat4 viewProj;
} cam;

layout(location = 0) out vec2 outUV;
layout(location = 1) out vec3 outNormal;
layout(location = 2) flat out uint outMaterialIndex;

void main() {
    Vertex v = vertices[gl_VertexIndex];
    mat4 model = instanceModels[gl_InstanceIndex];
    outUV = vec2(v.u, v.v);
    outNormal = mat3(model) * vec3(v.nx, v.ny, v.nz);
    outMaterialIndex = drawData.materialOf[gl_InstanceIndex + gl_BaseInstance * 0];
    gl_Position = cam.viewProj * model * vec4(v.px, v.py, v.pz, 1.0);
}
