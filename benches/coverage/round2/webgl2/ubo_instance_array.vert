#version 300 es
precision highp float;

layout(std140) uniform Instances {
    mat4 model;
    vec4 color;
    mat3 uvXform;
    bool highlighted;
} inst[4];

uniform int uInstanceSlot;
in vec3 aPos;
in vec2 aUv;
out vec4 vColor;
out vec2 vUv;

void main() {
    vec4 p = vec4(aPos, 1.0);
    vec4 c;
    vec2 uv;
    switch (uInstanceSlot) {
        case 0: p = inst[0].model * p; c = inst[0].color; uv = (inst[0].uvXform * vec3(aUv, 1.0)).xy; break;
        case 1: p = inst[1].model * p; c = inst[1].color; uv = (inst[1].uvXform * vec3(aUv, 1.0)).xy; break;
        case 2: p = inst[2].model * p; c = inst[2].color; uv = (inst[2].uvXform * vec3(aUv, 1.0)).xy; break;
        default: p = inst[3].model * p; c = inst[3].color; uv = (inst[3].uvXform * vec3(aUv, 1.0)).xy; break;
    }
    if (inst[0].highlighted) c.rgb += 0.2;
    vColor = c;
    vUv = uv;
    gl_Position = p;
}
