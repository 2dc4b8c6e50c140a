#version 450
#extension GL_EXT_shader_explicit_arithmetic_types_float16 : require
#extension GL_EXT_shader_16bit_storage : require

layout(set = 0, binding = 0) uniform sampler2D inputTex;
layout(set = 0, binding = 1) readonly buffer Weights {
    f16vec4 weights[];
};

layout(location = 0) in vec2 inUV;
layout(location = 0) out vec4 outColor;

f16vec3 saturateH(f16vec3 v) {
    return clamp(v, f16vec3(0.0hf), f16vec3(1.0hf));
}

void main() {
    f16vec3 c = f16vec3(texture(inputTex, inUV).rgb);
    float16_t lum = dot(c, f16vec3(0.2126hf, 0.7152hf, 0.0722hf));
    f16vec4 w = weights[0];
    c = mix(f16vec3(lum), c, w.x);
    c = saturateH(c * w.y + w.z);
    float16_t gamma = float16_t(1.0) / float16_t(2.2);
    c = pow(c, f16vec3(gamma));
    outColor = vec4(vec3(c), 1.0);
}
