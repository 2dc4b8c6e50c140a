#extension GL_OES_standard_derivatives : enable
precision mediump float;
uniform float thickness;
uniform vec3 stroke;
uniform vec3 fill;
varying vec3 vBarycentric;
float aastep( float threshold, float dist ) {
	float afwidth = fwidth( dist ) * 0.5;
	return smoothstep( threshold - afwidth, threshold + afwidth, dist );
}
void main() {
	float d = min( min( vBarycentric.x, vBarycentric.y ), vBarycentric.z );
	float edge = 1.0 - aastep( thickness, d );
	gl_FragColor = vec4( mix( fill, stroke, edge ), 1.0 );
}
