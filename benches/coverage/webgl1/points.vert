precision mediump float;
uniform float size;
uniform float scale;
uniform mat4 modelViewMatrix;
uniform mat4 projectionMatrix;
attribute vec3 position;
attribute vec3 color;
varying vec3 vColor;
void main() {
	vColor = color;
	vec4 mvPosition = modelViewMatrix * vec4( position, 1.0 );
	gl_PointSize = size;
	bool isPerspective = projectionMatrix[ 2 ][ 3 ] == - 1.0;
	if ( isPerspective ) gl_PointSize *= ( scale / - mvPosition.z );
	gl_Position = projectionMatrix * mvPosition;
}
