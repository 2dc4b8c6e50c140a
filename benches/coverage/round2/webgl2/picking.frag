#version 300 es
precision highp float;
precision highp int;
flat in highp uint vPickId;
in highp float vDepth;
layout(location = 0) out highp uvec2 pickOut;
uniform highp uint uLayerMask;
uniform bool uWriteDepth;

void main() {
    uint id = vPickId & uLayerMask;
    if (id == 0u) discard;
    uint depthBits = uWriteDepth ? floatBitsToUint(vDepth) : 0xffffffffu;
    pickOut = uvec2(id, depthBits);
}
