#ifdef GL_OES_standard_derivatives
#extension GL_OES_standard_derivatives : enable
#endif
precision mediump float;

uniform sampler2D uAtlas;
uniform vec3 uColor;
uniform vec3 uOutlineColor;
uniform float uOpacity;
uniform float uOutlineWidth;
uniform float uPxRange;
uniform vec2 uAtlasSize;

varying vec2 vUv;

float median(float r, float g, float b) {
    return max(min(r, g), min(max(r, g), b));
}

float screenPxRange() {
    vec2 unitRange = vec2(uPxRange) / uAtlasSize;
    vec2 screenTexSize = vec2(1.0) / fwidth(vUv);
    return max(0.5 * dot(unitRange, screenTexSize), 1.0);
}

void main() {
    vec3 msd = texture2D(uAtlas, vUv).rgb;
    float sd = median(msd.r, msd.g, msd.b);
    float pxDist = screenPxRange() * (sd - 0.5);
    float alpha = clamp(pxDist + 0.5, 0.0, 1.0);
    float outlineDist = screenPxRange() * (sd - 0.5 + uOutlineWidth);
    float outlineAlpha = clamp(outlineDist + 0.5, 0.0, 1.0);
    vec3 color = mix(uOutlineColor, uColor, alpha);
    float a = max(alpha, outlineAlpha) * uOpacity;
    if (a < 0.01) discard;
    gl_FragColor = vec4(color, a);
}
