invariant gl_Position;
attribute vec4 aPosition;
attribute vec4 aColor;
uniform mat4 uMvp;
varying lowp vec4 vColor;
invariant varying mediump vec2 vPos;
void main() {
	vColor = aColor;
	vPos = aPosition.xy;
	gl_Position = uMvp * aPosition;
}
