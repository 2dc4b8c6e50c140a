#version 300 es
precision highp float;
precision highp int;

uniform highp usampler2D uPacked;
uniform vec4 uNormalValue;
in vec2 vUv;
layout(location = 0) out highp uvec4 gbuffer;
layout(location = 1) out vec4 decoded;

vec2 octEncode(vec3 n) {
    n /= abs(n.x) + abs(n.y) + abs(n.z);
    vec2 e = n.z >= 0.0 ? n.xy : (1.0 - abs(n.yx)) * vec2(n.x >= 0.0 ? 1.0 : -1.0, n.y >= 0.0 ? 1.0 : -1.0);
    return e;
}

void main() {
    uvec4 src = texture(uPacked, vUv);
    vec2 h = unpackHalf2x16(src.x);
    vec2 sn = unpackSnorm2x16(src.y);
    vec2 un = unpackUnorm2x16(src.z);
    vec3 n = normalize(uNormalValue.xyz);
    uint pn = packSnorm2x16(octEncode(n));
    uint ph = packHalf2x16(vec2(uNormalValue.w, h.y));
    uint pu = packUnorm2x16(clamp(un, 0.0, 1.0));
    int bits = floatBitsToInt(h.x);
    uint ubits = floatBitsToUint(sn.y);
    float back = intBitsToFloat(bits) + uintBitsToFloat(ubits);
    gbuffer = uvec4(pn, ph, pu, src.w);
    decoded = vec4(h, sn.x + un.x, back);
}
