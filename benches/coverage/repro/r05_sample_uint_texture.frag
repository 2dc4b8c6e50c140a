#version 300 es
precision highp float;
uniform highp usampler2D uIds;
in vec2 vUv;
out vec4 o;
void main() { o = vec4(float(texture(uIds, vUv).r)); }
