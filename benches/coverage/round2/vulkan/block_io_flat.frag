#version 450

layout(location = 0) in VertexData {
    vec3 normal;
    vec3 worldPos;
    flat uint material;
    flat ivec2 atlasCell;
    noperspective vec2 screenUV;
    centroid vec3 bary;
} vin;

layout(set = 2, binding = 0) uniform sampler2DArray atlas;
layout(set = 2, binding = 1) uniform usampler2D materialTable;

layout(location = 0) out vec4 outColor;
layout(location = 1) out uint outMaterial;

void main() {
    uvec4 mat = texelFetch(materialTable, ivec2(int(vin.material), 0), 0);
    vec2 cellUV = (vec2(vin.atlasCell) + fract(vin.worldPos.xz)) / 16.0;
    vec4 albedo = texture(atlas, vec3(cellUV, float(mat.x)));
    float edge = min(vin.bary.x, min(vin.bary.y, vin.bary.z));
    float wire = 1.0 - smoothstep(0.0, fwidth(edge) * 1.5, edge);
    vec3 n = normalize(vin.normal);
    outColor = vec4(albedo.rgb * max(n.y, 0.2) + wire * 0.2, albedo.a) + vec4(vin.screenUV, 0.0, 0.0) * 0.0;
    outMaterial = vin.material;
}
