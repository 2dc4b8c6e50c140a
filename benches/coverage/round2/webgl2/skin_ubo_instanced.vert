#version 300 es
precision highp float;
precision highp int;

layout(std140) uniform Bones {
    mat4 bones[64];
};

layout(std140, row_major) uniform Frame {
    mat4 viewProj;
    vec4 time;
};

layout(location = 0) in vec3 aPos;
layout(location = 1) in vec3 aNormal;
layout(location = 2) in uvec4 aJoints;
layout(location = 3) in vec4 aWeights;
layout(location = 4) in mat4 aInstanceMatrix;
layout(location = 8) in vec4 aInstanceColor;

out vec3 vNormal;
flat out vec4 vColor;
smooth out float vFade;

void main() {
    mat4 skin = aWeights.x * bones[aJoints.x] + aWeights.y * bones[aJoints.y]
              + aWeights.z * bones[aJoints.z] + aWeights.w * bones[aJoints.w];
    vec4 p = aInstanceMatrix * skin * vec4(aPos, 1.0);
    vNormal = mat3(aInstanceMatrix) * mat3(skin) * aNormal;
    vColor = aInstanceColor;
    vFade = fract(time.x + float(gl_InstanceID) * 0.1);
    gl_Position = viewProj * p;
    gl_PointSize = 1.0;
}
