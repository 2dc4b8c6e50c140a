#version 450
#extension GL_EXT_shader_explicit_arithmetic_types_float16 : require
// class: float16_t / f16vec* and `hf` literals (naga's IR has f16; its GLSL reader does not)
// prism a097dc3: error[E-UNSUPPORTED] 16-bit float literal `0.5hf` is not supported by prism (line 7)
layout(location = 0) out vec4 outColor;
void main() {
    float16_t h = 0.5hf;
    outColor = vec4(float(h));
}
