#version 300 es
precision highp float;
layout(location = 0) in vec3 aPosition;
layout(location = 1) in vec2 aUv;
layout(location = 2) in int aLayer;
uniform mat4 uModel;
uniform mat4 uView;
uniform mat4 uProj;
uniform mat4 uSpotMatrix;
out vec3 vWorldPos;
out float vViewDepth;
out vec2 vUv;
flat out int vLayer;
out vec4 vSpotCoord;
invariant gl_Position;

void main() {
    vec4 wp = uModel * vec4(aPosition, 1.0);
    vec4 vp = uView * wp;
    vWorldPos = wp.xyz;
    vViewDepth = -vp.z;
    vUv = aUv;
    vLayer = aLayer;
    vSpotCoord = uSpotMatrix * wp;
    gl_Position = uProj * vp;
}
