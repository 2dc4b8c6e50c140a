#version 450

layout(location = 0) out vec4 fColor;
layout(set = 0, binding = 0) uniform sampler2D sTexture;

struct VSOut {
    vec4 Color;
    vec2 UV;
};
layout(location = 0) in VSOut In;

void main() {
    fColor = In.Color * texture(sTexture, In.UV.st);
}
