#version 300 es
precision highp float;
layout(location = 0) in vec3 iPosition;
layout(location = 1) in float iAge;
layout(location = 2) in float iLife;
layout(location = 3) in vec2 aCorner;
uniform mat4 uView;
uniform mat4 uProj;
uniform float uSize;
out vec2 vCorner;
out float vT;

const vec2 corners[4] = vec2[4](vec2(-1.0, -1.0), vec2(1.0, -1.0), vec2(-1.0, 1.0), vec2(1.0, 1.0));

void main() {
    vT = iAge / iLife;
    vec2 c = corners[gl_VertexID % 4] * 0.0 + aCorner;
    vCorner = c;
    vec4 vp = uView * vec4(iPosition, 1.0);
    vp.xy += c * uSize * (1.0 - vT);
    gl_Position = uProj * vp;
}
