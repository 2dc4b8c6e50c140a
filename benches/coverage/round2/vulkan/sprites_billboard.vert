#version 460

struct Sprite {
    vec4 positionSize;
    vec4 color;
    vec4 uvRect;
    float rotation;
    uint flags;
    vec2 pad;
};

layout(std430, set = 0, binding = 0) readonly buffer Sprites {
    Sprite sprites[];
};

layout(set = 0, binding = 1) uniform View {
    mat4 view;
    mat4 proj;
    vec3 camRight;
    float time;
    vec3 camUp;
    float pad;
};

layout(location = 0) out vec2 outUV;
layout(location = 1) out vec4 outColor;

const vec2 kCorners[6] = vec2[](
    vec2(-0.5, -0.5), vec2(0.5, -0.5), vec2(0.5, 0.5),
    vec2(-0.5, -0.5), vec2(0.5, 0.5), vec2(-0.5, 0.5));

void main() {
    uint spriteIndex = gl_VertexIndex / 6;
    uint corner = gl_VertexIndex % 6;
    Sprite s = sprites[spriteIndex];
    vec2 c = kCorners[corner];
    float cs = cos(s.rotation), sn = sin(s.rotation);
    vec2 r = mat2(cs, sn, -sn, cs) * c;
    vec3 world = s.positionSize.xyz + (camRight * r.x + camUp * r.y) * s.positionSize.w;
    outUV = mix(s.uvRect.xy, s.uvRect.zw, c + 0.5);
    outColor = s.color;
    if ((s.flags & 1u) != 0u) outColor.a *= 0.5 + 0.5 * sin(time * 4.0);
    gl_Position = proj * view * vec4(world, 1.0);
}
