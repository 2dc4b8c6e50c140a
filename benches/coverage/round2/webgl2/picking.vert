#version 300 es
precision highp float;
layout(location = 0) in vec3 aPosition;
layout(location = 1) in highp uint aPickId;
uniform mat4 uMvp;
uniform mediump int uIdOffset;
flat out highp uint vPickId;
out highp float vDepth;
void main() {
    vPickId = aPickId + uint(uIdOffset);
    vec4 p = uMvp * vec4(aPosition, 1.0);
    vDepth = p.z / p.w;
    gl_Position = p;
}
