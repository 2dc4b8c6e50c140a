#version 300 es
// class: a default block-layout statement (`layout(std140, column_major) uniform;`), GLSL ES 3.00 4.3.8.3
// prism a097dc3: error[E-PARSE] Expected Void, Struct or a type, found Semicolon (line 5)
precision highp float;
layout(std140, column_major) uniform;
uniform Params { vec4 tint; };
out vec4 fragColor;
void main() { fragColor = tint; }
