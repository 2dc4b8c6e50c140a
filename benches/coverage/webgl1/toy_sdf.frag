precision highp float;
uniform vec3 iResolution;
uniform float iTime;
uniform vec4 iMouse;
mat2 rot( float a ) { float c = cos( a ), s = sin( a ); return mat2( c, s, -s, c ); }
float sdBox( vec3 p, vec3 b ) { vec3 q = abs( p ) - b; return length( max( q, 0.0 ) ) + min( max( q.x, max( q.y, q.z ) ), 0.0 ); }
float sdTorus( vec3 p, vec2 t ) { vec2 q = vec2( length( p.xz ) - t.x, p.y ); return length( q ) - t.y; }
float smin( float a, float b, float k ) { float h = clamp( 0.5 + 0.5 * ( b - a ) / k, 0.0, 1.0 ); return mix( b, a, h ) - k * h * ( 1.0 - h ); }
float map( vec3 p ) {
	p.xz *= rot( iTime * 0.3 );
	float d = sdBox( p, vec3( 0.5 ) ) - 0.05;
	d = smin( d, sdTorus( p.yxz, vec2( 0.8, 0.1 ) ), 0.2 );
	return d;
}
vec3 calcNormal( vec3 p ) {
	const vec2 e = vec2( 0.001, 0.0 );
	return normalize( vec3( map( p + e.xyy ) - map( p - e.xyy ), map( p + e.yxy ) - map( p - e.yxy ), map( p + e.yyx ) - map( p - e.yyx ) ) );
}
void mainImage( out vec4 fragColor, in vec2 fragCoord ) {
	vec2 uv = ( 2.0 * fragCoord - iResolution.xy ) / iResolution.y;
	vec3 ro = vec3( 0.0, 0.0, 3.0 );
	vec3 rd = normalize( vec3( uv, -1.5 ) );
	float t = 0.0;
	for ( int i = 0; i < 96; i++ ) {
		float h = map( ro + rd * t );
		if ( h < 0.0005 || t > 20.0 ) break;
		t += h;
	}
	vec3 col = vec3( 0.05 );
	if ( t < 20.0 ) {
		vec3 n = calcNormal( ro + rd * t );
		col = vec3( 0.8, 0.6, 0.4 ) * max( dot( n, normalize( vec3( 1.0 ) ) ), 0.0 ) + 0.1;
	}
	fragColor = vec4( pow( col, vec3( 0.4545 ) ), 1.0 );
}
void main() { mainImage( gl_FragColor, gl_FragCoord.xy ); }
