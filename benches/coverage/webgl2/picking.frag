#version 300 es
precision highp float;
flat in highp int vId;
flat in ivec2 vSub;
layout(location = 0) out highp ivec4 outId;
void main() {
	outId = ivec4( vId, vSub, gl_FrontFacing ? 1 : 0 );
}
