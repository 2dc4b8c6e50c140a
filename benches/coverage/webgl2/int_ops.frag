#version 300 es
precision highp float;
precision highp int;
uniform highp isampler2D uLabels;
uniform highp usampler2D uBits;
uniform int uSeed;
out vec4 fragColor;
uint hash( uint x ) {
	x ^= x >> 16u;
	x *= 0x7feb352du;
	x ^= x >> 15u;
	x *= 0x846ca68bu;
	x ^= x >> 16u;
	return x;
}
void main() {
	ivec2 p = ivec2( gl_FragCoord.xy );
	int label = texelFetch( uLabels, p, 0 ).r;
	uint bits = texelFetch( uBits, p >> 1, 0 ).r;
	int q = label / 3;
	int r = label % 3;
	int s = abs( label ) * sign( uSeed );
	uint h = hash( uint( label ) ^ uint( uSeed ) );
	bool bit = ( bits & ( 1u << uint( r ) ) ) != 0u;
	vec3 col = vec3( float( h & 255u ), float( ( h >> 8 ) & 255u ), float( ( h >> 16 ) & 255u ) ) / 255.0;
	col *= bit ? 1.0 : 0.5;
	col += float( q + s ) * 0.0;
	fragColor = vec4( col, 1.0 );
}
