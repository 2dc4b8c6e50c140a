#version 460
// class: gl_BaseInstance (draw parameters): the SPIR-V naga writes lacks the DrawParameters
// capability; prism's in-process spirv-val catches it and withholds the module
// prism a097dc3: error[E-SPIRV-VAL] Operand 3 of Decorate requires one of these capabilities: DrawParameters (line 1)
layout(location = 0) out float outBase;
void main() {
    outBase = float(gl_BaseInstance);
    gl_Position = vec4(0.0);
}
