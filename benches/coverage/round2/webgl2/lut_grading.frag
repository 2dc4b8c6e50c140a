#version 300 es
precision highp float;
precision highp sampler3D;

uniform sampler2D uScene;
uniform sampler3D uLut;
uniform sampler2D uLut2D;
uniform float uLutSize;
uniform float uIntensity;
in vec2 vUv;
layout(location = 0) out vec4 fragColor;

vec3 lookup2D(vec3 color) {
    float blue = color.b * (uLutSize - 1.0);
    vec2 q1, q2;
    q1.y = floor(floor(blue) / 8.0);
    q1.x = floor(blue) - q1.y * 8.0;
    q2.y = floor(ceil(blue) / 8.0);
    q2.x = ceil(blue) - q2.y * 8.0;
    vec2 t1 = q1 * 0.125 + 0.5 / 512.0 + (0.125 - 1.0 / 512.0) * color.rg;
    vec2 t2 = q2 * 0.125 + 0.5 / 512.0 + (0.125 - 1.0 / 512.0) * color.rg;
    return mix(texture(uLut2D, t1).rgb, texture(uLut2D, t2).rgb, fract(blue));
}

void main() {
    vec4 c = texture(uScene, vUv);
    vec3 lutUv = c.rgb * ((uLutSize - 1.0) / uLutSize) + 0.5 / uLutSize;
    vec3 graded = texture(uLut, lutUv).rgb;
    vec3 graded2 = lookup2D(clamp(c.rgb, 0.0, 1.0));
    fragColor = vec4(mix(c.rgb, mix(graded, graded2, 0.5), uIntensity), c.a);
}
