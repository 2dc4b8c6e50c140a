precision mediump float;
uniform vec4 uBounds;
uniform vec3 uKey;
uniform float uThreshold;
varying vec2 vUv;
varying vec3 vColor;
struct Range { vec2 lo; vec2 hi; };
bool inside( Range r, vec2 p ) {
	return all( greaterThanEqual( p, r.lo ) ) && all( lessThanEqual( p, r.hi ) );
}
Range makeRange( vec4 b ) { return Range( b.xy, b.zw ); }
void main() {
	Range r = makeRange( uBounds );
	bvec3 close = lessThan( abs( vColor - uKey ), vec3( uThreshold ) );
	vec3 c = vColor;
	if ( all( close ) ) c = vec3( 0.0 );
	else if ( any( close ) ) c *= 0.5;
	bvec2 edge = bvec2( vUv.x < 0.01, vUv.y < 0.01 );
	c = any( edge ) ? vec3( 1.0, 0.0, 0.0 ) : c;
	c = inside( r, vUv ) ? c : c * 0.25;
	c = mix( c, c.bgr, float( not( close ).x ) * 0.1 );
	gl_FragColor = vec4( c, 1.0 );
}
