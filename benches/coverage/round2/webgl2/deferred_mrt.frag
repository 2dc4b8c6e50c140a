#version 300 es
precision highp float;

uniform sampler2D uAlbedoMap;
uniform sampler2D uNormalMap;
uniform sampler2D uOrmMap;
uniform vec4 uBaseColor;
uniform float uMaterialId;

in vec3 vWorldPos;
in vec3 vNormal;
in vec4 vTangent;
in vec2 vUv;
flat in int vDrawId;

layout(location = 0) out vec4 gAlbedo;
layout(location = 1) out vec4 gNormal;
layout(location = 2) out vec4 gPosition;
layout(location = 3) out ivec2 gIds;

void main() {
    vec4 albedo = texture(uAlbedoMap, vUv) * uBaseColor;
    if (albedo.a < 0.5) discard;
    vec3 n = normalize(vNormal);
    vec3 t = normalize(vTangent.xyz - n * dot(n, vTangent.xyz));
    vec3 b = cross(n, t) * vTangent.w;
    vec3 tn = texture(uNormalMap, vUv).xyz * 2.0 - 1.0;
    vec3 wn = normalize(mat3(t, b, n) * tn);
    vec3 orm = texture(uOrmMap, vUv).rgb;
    gAlbedo = vec4(albedo.rgb, orm.r);
    gNormal = vec4(wn * 0.5 + 0.5, orm.g);
    gPosition = vec4(vWorldPos, orm.b);
    gIds = ivec2(vDrawId, int(uMaterialId));
}
