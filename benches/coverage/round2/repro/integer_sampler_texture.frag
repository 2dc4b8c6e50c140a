#version 300 es
// class: filtered sampling call (`texture`) on an integer sampler (isampler*/usampler*)
// prism a097dc3: error[E-UNSUPPORTED] filtered sampling ... of an integer texture (line 9)
precision highp float;
precision highp usampler2D;
uniform usampler2D uIds;
in vec2 vUv;
out vec4 fragColor;
void main() { uvec4 id = texture(uIds, vUv); fragColor = vec4(id) / 255.0; }
