#version 100
#extension GL_EXT_shader_texture_lod : enable
#extension GL_OES_standard_derivatives : enable
precision mediump float;

uniform samplerCube tCube;
uniform sampler2D tEquirect;
uniform float tFlip;
uniform float opacity;
uniform float backgroundBlurriness;
varying vec3 vWorldDirection;

#define RECIPROCAL_PI 0.3183098861837907
#define RECIPROCAL_PI2 0.15915494309189535

vec2 equirectUv(in vec3 dir) {
    float u = atan(dir.z, dir.x) * RECIPROCAL_PI2 + 0.5;
    float v = asin(clamp(dir.y, -1.0, 1.0)) * RECIPROCAL_PI + 0.5;
    return vec2(u, v);
}

void main() {
    vec3 dir = vec3(tFlip * vWorldDirection.x, vWorldDirection.yz);
    vec4 texColor = textureCubeLodEXT(tCube, dir, backgroundBlurriness * 8.0);
    vec2 uv = equirectUv(normalize(vWorldDirection));
    vec4 eq = texture2DGradEXT(tEquirect, uv, dFdx(uv), dFdy(uv));
    vec4 eqLod = texture2DLodEXT(tEquirect, uv, 2.0);
    vec4 pr = texture2DProjLodEXT(tEquirect, vec3(uv, 1.0), 1.0);
    vec4 cg = textureCubeGradEXT(tCube, dir, vec3(0.01), vec3(0.01));
    gl_FragColor = mix(texColor, eq, 0.5) + (eqLod + pr + cg) * 0.01;
    gl_FragColor.a *= opacity;
}
