#version 300 es
precision highp float;
struct Mat { vec4 color; mat3x2 uvTransform; };
layout(std140) uniform B { Mat mats[2]; };
in vec2 vUv;
out vec4 o;
void main() { o = mats[0].color * vec4(mats[1].uvTransform * vec3(vUv, 1.0), 0.0, 1.0); }
