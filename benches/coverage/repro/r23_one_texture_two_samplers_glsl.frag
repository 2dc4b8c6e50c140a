#version 450
layout(set = 0, binding = 0) uniform texture2D t;
layout(set = 0, binding = 1) uniform sampler a;
layout(set = 0, binding = 2) uniform sampler b;
layout(location = 0) out vec4 o;
void main() { o = texture(sampler2D(t, a), vec2(0.5)) + texture(sampler2D(t, b), vec2(0.5)); }
