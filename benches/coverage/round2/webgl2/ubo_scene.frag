#version 300 es
precision highp float;

struct Light {
    vec4 positionRange;
    vec4 colorIntensity;
    ivec4 typeShadow;
};

layout(std140) uniform Lights {
    Light lights[8];
    int lightCount;
    bool useAmbient;
    bvec2 flags;
    vec3 ambient;
};

layout(std140) uniform Camera {
    mat4 view;
    mat4 projection;
    mat4 viewProjection;
    vec3 position;
    float near;
    float far;
} camera;

uniform sampler2D uAlbedo;

in vec3 vNormal;
in vec2 vUv;
in vec3 vWorldPos;
centroid in vec4 vTint;

layout(location = 0) out vec4 outColor;

void main() {
    vec3 n = normalize(vNormal);
    vec3 albedo = texture(uAlbedo, vUv).rgb * vTint.rgb;
    vec3 v = normalize(camera.position - vWorldPos);
    vec3 c = useAmbient ? ambient * albedo : vec3(0.0);
    for (int i = 0; i < 8; ++i) {
        if (i >= lightCount) break;
        Light l = lights[i];
        vec3 L;
        float att = 1.0;
        if (l.typeShadow.x == 0) {
            L = normalize(-l.positionRange.xyz);
        } else {
            vec3 d = l.positionRange.xyz - vWorldPos;
            float dist = length(d);
            L = d / dist;
            att = clamp(1.0 - dist / l.positionRange.w, 0.0, 1.0);
            att *= att;
        }
        vec3 h = normalize(L + v);
        float spec = flags.x ? pow(max(dot(n, h), 0.0), 64.0) : 0.0;
        c += (albedo * max(dot(n, L), 0.0) + spec) * l.colorIntensity.rgb * l.colorIntensity.w * att;
    }
    if (flags.y) c = pow(c, vec3(1.0 / 2.2));
    outColor = vec4(c, vTint.a);
}
