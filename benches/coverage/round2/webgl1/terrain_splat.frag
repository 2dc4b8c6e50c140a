precision mediump float;

#define LAYERS 4

uniform sampler2D uSplat;
uniform sampler2D uLayers[LAYERS];
uniform float uTiling[LAYERS];
uniform vec3 uLightDir;
uniform vec3 uFogColor;
uniform float uFogDensity;

varying vec2 vUv;
varying vec3 vNormal;
varying float vDepth;

vec4 blendLayers(vec4 weights, vec2 uv);

void main() {
    vec4 w = texture2D(uSplat, vUv);
    w /= max(dot(w, vec4(1.0)), 0.0001);
    vec4 albedo = blendLayers(w, vUv);
    float ndl = max(dot(normalize(vNormal), normalize(uLightDir)), 0.0);
    vec3 lit = albedo.rgb * (0.25 + 0.75 * ndl);
    float fog = 1.0 - exp(-uFogDensity * uFogDensity * vDepth * vDepth);
    gl_FragColor = vec4(mix(lit, uFogColor, clamp(fog, 0.0, 1.0)), 1.0);
}

vec4 blendLayers(vec4 weights, vec2 uv) {
    vec4 c = vec4(0.0);
    for (int i = 0; i < LAYERS; i++) {
        c += texture2D(uLayers[i], uv * uTiling[i]) * weights[i];
    }
    return c;
}
