#version 450

layout(local_size_x = 8, local_size_y = 8) in;

layout(set = 0, binding = 0) uniform texture2D srcTex;
layout(set = 0, binding = 1) uniform sampler linearSampler;
layout(set = 0, binding = 2, rgba16f) uniform writeonly image2D dstMip;
layout(set = 0, binding = 3, r11f_g11f_b10f) uniform writeonly image2D dstPacked;

layout(push_constant) uniform PC {
    ivec2 dstSize;
    int srcLevel;
} pc;

void main() {
    ivec2 p = ivec2(gl_GlobalInvocationID.xy);
    if (p.x >= pc.dstSize.x || p.y >= pc.dstSize.y) return;
    vec2 uv = (vec2(p) + 0.5) / vec2(pc.dstSize);
    vec4 c = textureLod(sampler2D(srcTex, linearSampler), uv, float(pc.srcLevel));
    vec4 g = textureGather(sampler2D(srcTex, linearSampler), uv, 3);
    imageStore(dstMip, p, vec4(c.rgb, dot(g, vec4(0.25))));
    imageStore(dstPacked, p, vec4(c.rgb, 1.0));
}
