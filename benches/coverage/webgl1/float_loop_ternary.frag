precision mediump float;
uniform vec2 resolution;
uniform float time;
uniform vec3 tint;
uniform bool invert;
vec3 palette( float t ) {
	vec3 a = vec3( 0.5 ); vec3 b = vec3( 0.5 ); vec3 c = vec3( 1.0 ); vec3 d = vec3( 0.0, 0.33, 0.67 );
	return a + b * cos( 6.28318 * ( c * t + d ) );
}
void main() {
	vec2 uv = ( gl_FragCoord.xy * 2.0 - resolution ) / min( resolution.x, resolution.y );
	vec2 z = vec2( 0.0 );
	int n = 0;
	for ( int k = 0; k < 64; k++ ) {
		if ( dot( z, z ) > 4.0 ) break;
		z = vec2( z.x * z.x - z.y * z.y, 2.0 * z.x * z.y ) + uv * 0.8 + vec2( -0.4, 0.0 );
		n++;
	}
	float acc = 0.0;
	for ( float i = 0.0; i < 4.0; i += 1.0 ) {
		acc += 0.25 * sin( time + i );
	}
	vec3 col = n == 64 ? vec3( 0.0 ) : palette( float( n ) / 64.0 + acc * 0.1 );
	col = invert ? vec3( 1.0 ) - col : col * tint;
	gl_FragColor = vec4( col, 1.0 );
}
