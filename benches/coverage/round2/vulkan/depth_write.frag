#version 450

layout(depth_greater) out float gl_FragDepth;

layout(set = 0, binding = 0) uniform sampler2D heightMap;
layout(push_constant) uniform PC {
    float depthScale;
    float near;
    float far;
} pc;

layout(location = 0) in vec2 inUV;
layout(location = 1) in float inViewDepth;
layout(location = 0) out vec4 outColor;

void main() {
    float h = texture(heightMap, inUV).r;
    float d = inViewDepth + h * pc.depthScale;
    float ndc = (pc.far + pc.near - 2.0 * pc.near * pc.far / d) / (pc.far - pc.near);
    gl_FragDepth = max(gl_FragCoord.z, ndc * 0.5 + 0.5);
    outColor = vec4(h.xxx, 1.0);
}
