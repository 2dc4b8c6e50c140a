#version 300 es
layout(location = 0) in vec4 aPosition;
layout(location = 1) in uint aObjectId;
layout(location = 2) in ivec2 aTile;
uniform mat4 uMvp;
flat out uint vObjectId;
flat out ivec2 vTile;
out vec2 vUv;

void main() {
    vObjectId = aObjectId + uint(gl_InstanceID);
    vTile = aTile;
    vUv = vec2(gl_VertexID & 1, (gl_VertexID >> 1) & 1);
    gl_Position = uMvp * aPosition;
}
