precision mediump float;
uniform float scale;
uniform mat4 modelViewMatrix;
uniform mat4 projectionMatrix;
attribute vec3 position;
attribute float lineDistance;
varying float vLineDistance;
void main() {
	vLineDistance = scale * lineDistance;
	gl_Position = projectionMatrix * modelViewMatrix * vec4( position, 1.0 );
}
