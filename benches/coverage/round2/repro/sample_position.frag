#version 450
// class: gl_SamplePosition (naga's IR has no such built-in) -- E-UNSUPPORTED, located, names it
// prism a097dc3: error[E-UNSUPPORTED] `gl_SamplePosition` (naga's IR has no such built-in) (line 6)
layout(location = 0) out vec4 outColor;
void main() {
    outColor = vec4(gl_SamplePosition, 0.0, 1.0);
}
