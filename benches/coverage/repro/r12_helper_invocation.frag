#version 450
layout(location = 0) out vec4 outColor;
void main() { outColor = vec4(gl_HelperInvocation ? 0.0 : 1.0); }
