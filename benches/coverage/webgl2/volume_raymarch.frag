#version 300 es
precision highp float;
precision highp sampler3D;
uniform sampler3D uVolume;
uniform sampler2D uTransfer;
uniform vec3 uCameraLocal;
uniform float uSteps;
in vec3 vLocal;
out vec4 fragColor;
vec2 hitBox( vec3 orig, vec3 dir ) {
	vec3 inv = 1.0 / dir;
	vec3 tmin = ( vec3( -0.5 ) - orig ) * inv;
	vec3 tmax = ( vec3( 0.5 ) - orig ) * inv;
	vec3 t0 = min( tmin, tmax ), t1 = max( tmin, tmax );
	return vec2( max( max( t0.x, t0.y ), t0.z ), min( min( t1.x, t1.y ), t1.z ) );
}
void main() {
	vec3 rd = normalize( vLocal - uCameraLocal );
	vec2 b = hitBox( uCameraLocal, rd );
	if ( b.x > b.y ) discard;
	b.x = max( b.x, 0.0 );
	float dt = ( b.y - b.x ) / uSteps;
	vec4 acc = vec4( 0.0 );
	vec3 p = uCameraLocal + rd * b.x;
	for ( float t = b.x; t < b.y; t += dt ) {
		float d = textureLod( uVolume, p + 0.5, 0.0 ).r;
		vec4 c = texture( uTransfer, vec2( d, 0.5 ) );
		c.rgb *= c.a;
		acc += ( 1.0 - acc.a ) * c;
		if ( acc.a >= 0.95 ) break;
		p += rd * dt;
	}
	fragColor = acc;
}
