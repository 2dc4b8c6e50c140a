#version 300 es
precision highp float;

uniform sampler2D gAlbedo;
uniform sampler2D gNormal;
uniform sampler2D gPosition;
uniform highp isampler2D gIds;

layout(std140) uniform PointLights {
    vec4 posRadius[32];
    vec4 color[32];
    uint count;
} pl;

uniform vec3 uEye;
out vec4 fragColor;

void main() {
    ivec2 px = ivec2(gl_FragCoord.xy);
    vec4 a = texelFetch(gAlbedo, px, 0);
    vec4 nr = texelFetch(gNormal, px, 0);
    vec3 p = texelFetch(gPosition, px, 0).xyz;
    ivec2 ids = texelFetch(gIds, px, 0).xy;
    vec3 n = nr.xyz * 2.0 - 1.0;
    vec3 v = normalize(uEye - p);
    vec3 c = vec3(0.0);
    uint i = 0u;
    while (i < pl.count) {
        vec3 d = pl.posRadius[i].xyz - p;
        float dist = length(d);
        if (dist < pl.posRadius[i].w) {
            vec3 l = d / dist;
            float att = 1.0 - dist / pl.posRadius[i].w;
            vec3 h = normalize(l + v);
            float s = pow(max(dot(n, h), 0.0), mix(8.0, 128.0, 1.0 - nr.w));
            c += (a.rgb * max(dot(n, l), 0.0) + s * a.w) * pl.color[i].rgb * att * att;
        }
        i++;
    }
    if (ids.y == 3) c = a.rgb;
    fragColor = vec4(c, 1.0);
}
