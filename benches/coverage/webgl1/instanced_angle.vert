precision highp float;
uniform mat4 modelViewMatrix;
uniform mat4 projectionMatrix;
uniform float time;
attribute vec3 position;
attribute vec3 offset;
attribute vec4 orientation;
attribute vec4 color;
varying vec4 vColor;
vec3 applyQuat( vec4 q, vec3 v ) {
	return v + 2.0 * cross( q.xyz, cross( q.xyz, v ) + q.w * v );
}
void main() {
	vec3 vPosition = applyQuat( orientation, position );
	vColor = color;
	vColor.a *= 0.5 + 0.5 * sin( time + offset.x );
	gl_Position = projectionMatrix * modelViewMatrix * vec4( offset * 1.0 + vPosition, 1.0 );
}
