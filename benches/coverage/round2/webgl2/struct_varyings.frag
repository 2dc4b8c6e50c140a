#version 300 es
precision highp float;
struct Surface {
    vec3 normal;
    vec2 uv;
    float height;
};
in Surface vSurf;
in vec4 vExtra[2];
uniform sampler2D uRamp;
out vec4 fragColor;
void main() {
    vec3 n = normalize(vSurf.normal);
    vec4 ramp = texture(uRamp, vec2(vSurf.height, 0.5));
    fragColor = vec4(ramp.rgb * (0.5 + 0.5 * n.y), 1.0) + vExtra[0] * 0.0 + vExtra[1] * 0.0;
}
