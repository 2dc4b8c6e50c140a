#version 450

layout(set = 0, binding = 1) uniform samplerCube samplerCubeMap;
layout(set = 0, binding = 2, rgba8) uniform readonly image2D overlay;
layout(location = 0) in vec3 inUVW;
layout(location = 0) out vec4 outFragColor;

void main() {
    vec4 sky = texture(samplerCubeMap, inUVW);
    ivec2 sz = imageSize(overlay);
    vec4 ov = imageLoad(overlay, ivec2(gl_FragCoord.xy) % sz);
    outFragColor = mix(sky, ov, ov.a * 0.25);
}
