#version 300 es
layout(std140, row_major) uniform T { mat4 viewProj; };
in vec4 aPos;
void main() { gl_Position = viewProj * aPos; }
