#version 300 es
precision highp float;
precision highp int;
uniform vec4 uTaps[ 8 ];
uniform uint uMask;
in vec2 vUv;
out vec4 o;
const vec2 offsets[ 4 ] = vec2[]( vec2( -1.0, 0.0 ), vec2( 1.0, 0.0 ), vec2( 0.0, -1.0 ), vec2( 0.0, 1.0 ) );
float[ 4 ] weights( float s ) { return float[ 4 ]( s, s * 0.5, s * 0.25, s * 0.125 ); }
struct Acc { vec3 c; float w; };
Acc add( Acc a, vec4 t, float w ) { return Acc( a.c + t.rgb * w, a.w + w ); }
void main() {
	float w[ 4 ] = weights( 1.0 );
	float w2[ 4 ] = float[ 4 ]( 1.0, 0.5, 0.25, 0.125 );
	Acc acc = Acc( vec3( 0.0 ), 0.0 );
	for ( int i = 0; i < offsets.length(); ++i ) {
		if ( ( uMask & ( 1u << uint( i ) ) ) == 0u ) continue;
		acc = add( acc, uTaps[ i ] + vec4( offsets[ i ], 0.0, 0.0 ), w[ i ] );
	}
	uvec2 q = uvec2( gl_FragCoord.xy ) % 4u;
	uint m = ~uMask ^ ( q.x | q.y << 2 );
	float d = float( min( m, 7u ) ) / 7.0;
	o = vec4( acc.c / max( acc.w, 1e-4 ), w == w2 ? d : 0.0 );
}
