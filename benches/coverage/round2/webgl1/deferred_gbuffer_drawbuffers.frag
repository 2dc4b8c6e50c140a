#extension GL_EXT_draw_buffers : enable
#extension GL_OES_standard_derivatives : enable
precision highp float;

uniform sampler2D uAlbedo;
uniform sampler2D uNormalMap;
uniform float uRoughness;
uniform float uMetallic;
uniform float uNear;
uniform float uFar;

varying vec3 vNormal;
varying vec3 vViewPos;
varying vec2 vUv;

vec3 perturbNormal(vec3 eyePos, vec3 surfNorm, vec2 uv) {
    vec3 q0 = dFdx(eyePos.xyz);
    vec3 q1 = dFdy(eyePos.xyz);
    vec2 st0 = dFdx(uv.st);
    vec2 st1 = dFdy(uv.st);
    vec3 N = surfNorm;
    vec3 q1perp = cross(q1, N);
    vec3 q0perp = cross(N, q0);
    vec3 T = q1perp * st0.x + q0perp * st1.x;
    vec3 B = q1perp * st0.y + q0perp * st1.y;
    float det = max(dot(T, T), dot(B, B));
    float scale = (det == 0.0) ? 0.0 : inversesqrt(det);
    vec3 mapN = texture2D(uNormalMap, uv).xyz * 2.0 - 1.0;
    return normalize(T * (mapN.x * scale) + B * (mapN.y * scale) + N * mapN.z);
}

vec4 packDepth(float depth) {
    const vec4 bitShift = vec4(256.0 * 256.0 * 256.0, 256.0 * 256.0, 256.0, 1.0);
    const vec4 bitMask = vec4(0.0, 1.0 / 256.0, 1.0 / 256.0, 1.0 / 256.0);
    vec4 res = fract(depth * bitShift);
    res -= res.xxyz * bitMask;
    return res;
}

void main() {
    vec3 n = perturbNormal(-vViewPos, normalize(vNormal), vUv);
    float linearZ = (-vViewPos.z - uNear) / (uFar - uNear);
    gl_FragData[0] = vec4(texture2D(uAlbedo, vUv).rgb, uMetallic);
    gl_FragData[1] = vec4(n * 0.5 + 0.5, uRoughness);
    gl_FragData[2] = packDepth(linearZ);
    gl_FragData[3] = vec4(vViewPos, 1.0);
}
