#version 300 es
// Forward renderer: up to 8 point lights, loop bound is a uniform.
precision highp float;

uniform sampler2D uAlbedo;
uniform int uLightCount;
uniform vec4 uLightPos[8];   // xyz = position, w = radius
uniform vec3 uLightColor[8];
uniform vec3 uCameraPos;
uniform float uShininess;

in vec3 vWorldPos;
in vec3 vNormal;
in vec2 vTexCoord;

out vec4 fragColor;

void main() {
    vec3 albedo = texture(uAlbedo, vTexCoord).rgb;
    vec3 n = normalize(vNormal);
    vec3 v = normalize(uCameraPos - vWorldPos);
    vec3 color = albedo * 0.03;

    for (int i = 0; i < uLightCount; ++i) {
        vec3 toLight = uLightPos[i].xyz - vWorldPos;
        float dist = length(toLight);
        vec3 l = toLight / dist;
        float falloff = clamp(1.0 - dist / uLightPos[i].w, 0.0, 1.0);
        falloff *= falloff;

        float diffuse = max(dot(n, l), 0.0);
        vec3 h = normalize(l + v);
        float specular = pow(max(dot(n, h), 0.0), uShininess);
        color += (albedo * diffuse + specular) * uLightColor[i] * falloff;
    }

    fragColor = vec4(color, 1.0);
}
