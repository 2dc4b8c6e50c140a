precision mediump float;
uniform mat2 uvRotation;
uniform mat4 mvp;
uniform vec2 uvOffset;
uniform float frame;
attribute vec2 aPosition;
attribute vec2 aUv;
varying vec2 vUv;
varying vec4 vTile;
void main() {
	vec2 centered = aUv - 0.5;
	vUv = uvRotation * centered + 0.5 + uvOffset;
	float col = mod( frame, 4.0 );
	float row = floor( frame / 4.0 );
	vTile = vec4( col, row, 0.25, 0.25 );
	gl_Position = mvp * vec4( aPosition, 0.0, 1.0 );
}
