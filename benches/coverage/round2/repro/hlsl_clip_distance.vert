#version 450
// class: gl_ClipDistance to HLSL; every other target compiles
// prism a097dc3 (-t hlsl): error[E-TARGET] HLSL: gl_ClipDistance / gl_CullDistance outputs: naga's HLSL writer declares SV_ClipDistance without the array size
layout(location = 0) in vec4 inPos;
out gl_PerVertex { vec4 gl_Position; float gl_ClipDistance[1]; };
void main() { gl_ClipDistance[0] = inPos.y; gl_Position = inPos; }
