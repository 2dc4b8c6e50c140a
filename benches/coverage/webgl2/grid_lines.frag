#version 300 es
precision highp float;
in vec3 vWorld;
uniform float uCell;
uniform vec4 uLineColor;
out vec4 fragColor;
void main() {
	vec2 coord = vWorld.xz / uCell;
	vec2 grid = abs( fract( coord - 0.5 ) - 0.5 ) / fwidth( coord );
	float line = min( grid.x, grid.y );
	float a = 1.0 - min( line, 1.0 );
	vec2 dd = fwidth( vWorld.xz );
	bvec2 axis = lessThan( abs( vWorld.xz ), dd );
	vec3 col = uLineColor.rgb;
	if ( axis.x ) col = vec3( 0.0, 0.0, 1.0 );
	if ( axis.y ) col = vec3( 1.0, 0.0, 0.0 );
	fragColor = vec4( col, uLineColor.a * a );
}
