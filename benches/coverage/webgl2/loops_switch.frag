#version 300 es
precision highp float;
uniform int uMode;
uniform int uIterations;
uniform vec2 uRes;
out vec4 o;
void main() {
	vec2 p = gl_FragCoord.xy / uRes;
	float v = 0.0;
	int i = 0;
	while ( i < uIterations ) {
		v += sin( p.x * float( i ) );
		i++;
	}
	do {
		v *= 0.5;
	} while ( v > 1.0 );
	vec3 c;
	switch ( uMode ) {
	case 0:
	case 1:
		c = vec3( v );
		break;
	case 2:
		c = vec3( v, 0.0, 0.0 );
	case 3:
		c += vec3( 0.0, 0.5, 0.0 );
		break;
	default:
		c = vec3( p, v );
	}
	o = vec4( c, 1.0 );
}
