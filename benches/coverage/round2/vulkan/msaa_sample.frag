#version 450

layout(early_fragment_tests) in;

layout(set = 0, binding = 0) uniform sampler2D albedo;
layout(location = 0) in vec2 inUV;
layout(location = 1) in vec3 inNormal;
layout(location = 0) out vec4 outColor;

void main() {
    vec2 offs = gl_SamplePosition - 0.5;
    vec2 dx = dFdxFine(inUV);
    vec2 dy = dFdyCoarse(inUV);
    vec4 c = texture(albedo, inUV + offs.x * dx + offs.y * dy);
    float prim = float(gl_PrimitiveID & 7) / 7.0;
    float sid = float(gl_SampleID) / 8.0;
    float facing = gl_FrontFacing ? 1.0 : 0.5;
    outColor = vec4(c.rgb * facing, c.a) + vec4(prim, sid, 0.0, 0.0) * 0.01;
}
