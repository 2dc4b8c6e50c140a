#version 300 es
precision highp float;
struct Surface {
    vec3 normal;
    vec2 uv;
    float height;
};
layout(location = 0) in vec3 aPos;
layout(location = 1) in vec3 aNormal;
layout(location = 2) in vec2 aUv;
uniform mat4 uMvp;
uniform sampler2D uHeight;
out Surface vSurf;
out vec4 vExtra[2];

void main() {
    float h = textureLod(uHeight, aUv, 0.0).r;
    vSurf.normal = aNormal;
    vSurf.uv = aUv;
    vSurf.height = h;
    vExtra[0] = vec4(aPos, 1.0);
    vExtra[1] = vec4(h);
    gl_Position = uMvp * vec4(aPos + aNormal * h, 1.0);
}
