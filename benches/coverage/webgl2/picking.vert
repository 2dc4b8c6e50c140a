#version 300 es
uniform mat4 uMvp;
uniform int uBaseId;
in vec4 aPosition;
in ivec2 aSub;
flat out highp int vId;
flat out ivec2 vSub;
void main() {
	vId = uBaseId + gl_InstanceID;
	vSub = aSub;
	gl_Position = uMvp * aPosition;
}
