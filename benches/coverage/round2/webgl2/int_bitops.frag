#version 300 es
precision highp float;
precision highp int;
precision highp usampler2D;
precision highp isampler2D;

uniform usampler2D uIds;
uniform isampler2D uOffsets;
uniform uint uSeed;
uniform int uShift;

flat in uint vObjectId;
flat in ivec2 vTile;
in vec2 vUv;

layout(location = 0) out vec4 outColor;
layout(location = 1) out uvec4 outIds;

uint hash(uint x) {
    x ^= x >> 16u;
    x *= 0x7feb352du;
    x ^= x >> 15u;
    x *= 0x846ca68bu;
    x ^= x >> 16u;
    return x;
}

vec3 idToColor(uint id) {
    uint h = hash(id ^ uSeed);
    return vec3(float(h & 0xFFu), float((h >> 8) & 0xFFu), float((h >> 16) & 255u)) / 255.0;
}

void main() {
    uvec4 ids = texelFetch(uIds, ivec2(gl_FragCoord.xy), 0);
    ivec4 offs = texelFetch(uOffsets, vTile, 0);
    int packedTile = (vTile.x << 16) | (vTile.y & 0xFFFF);
    int shifted = packedTile >> uShift;
    uint mixed = ids.r ^ (vObjectId << 3) | uint(shifted) & ~0x3u;
    int rem = offs.x % 7;
    uint urem = mixed % 13u;
    bool odd = (mixed & 1u) == 1u;
    int neg = -offs.y;
    int abs_ = abs(neg) + sign(offs.z) + min(offs.w, 3) + max(rem, 0) + clamp(offs.x, -4, 4);
    uint umn = min(urem, 5u) + max(urem, 2u) + clamp(urem, 1u, 9u);
    outColor = vec4(idToColor(mixed), odd ? 1.0 : 0.5) + vec4(float(abs_ + int(umn)) * 0.0);
    outIds = uvec4(mixed, vObjectId, uint(packedTile), ~mixed);
}
