#version 300 es
precision highp float;
uniform sampler2D uHdr;
uniform float uExposure;
uniform int uOperator;
in vec2 texCoord;
out vec4 fragColor;
const float bayer[16] = float[16]( 0.0, 8.0, 2.0, 10.0, 12.0, 4.0, 14.0, 6.0, 3.0, 11.0, 1.0, 9.0, 15.0, 7.0, 13.0, 5.0 );
vec3 uncharted2( vec3 x ) {
	const float A = 0.15, B = 0.50, C = 0.10, D = 0.20, E = 0.02, F = 0.30;
	return ( ( x * ( A * x + C * B ) + D * E ) / ( x * ( A * x + B ) + D * F ) ) - E / F;
}
vec3 reinhard( vec3 c ) { return c / ( 1.0 + c ); }
void main() {
	vec3 hdr = texture( uHdr, texCoord ).rgb * uExposure;
	vec3 ldr;
	if ( uOperator == 0 ) ldr = reinhard( hdr );
	else ldr = uncharted2( hdr ) / uncharted2( vec3( 11.2 ) );
	ivec2 p = ivec2( gl_FragCoord.xy ) & 3;
	float dither = ( bayer[ p.y * 4 + p.x ] + 0.5 ) / 16.0 - 0.5;
	fragColor = vec4( pow( ldr, vec3( 1.0 / 2.2 ) ) + dither / 255.0, 1.0 );
}
