precision highp float;
uniform vec2 poissonDisk[ 16 ];
uniform bool enabled[ 2 ];
uniform int modes[ 3 ];
uniform mat2 rotations[ 2 ];
uniform vec3 lightProbe[ 9 ];
uniform sampler2D shadowMap;
varying vec3 vNormal;
varying vec4 vShadowCoord;
vec3 shGetIrradianceAt( in vec3 normal, in vec3 shCoefficients[ 9 ] ) {
	float x = normal.x, y = normal.y, z = normal.z;
	vec3 result = shCoefficients[ 0 ] * 0.886227;
	result += shCoefficients[ 1 ] * 2.0 * 0.511664 * y;
	result += shCoefficients[ 2 ] * 2.0 * 0.511664 * z;
	result += shCoefficients[ 3 ] * 2.0 * 0.511664 * x;
	result += shCoefficients[ 4 ] * 2.0 * 0.429043 * x * y;
	result += shCoefficients[ 5 ] * 2.0 * 0.429043 * y * z;
	result += shCoefficients[ 6 ] * ( 0.743125 * z * z - 0.247708 );
	result += shCoefficients[ 7 ] * 2.0 * 0.429043 * x * z;
	result += shCoefficients[ 8 ] * 0.429043 * ( x * x - y * y );
	return result;
}
void main() {
	vec3 sc = vShadowCoord.xyz / vShadowCoord.w;
	float s = 0.0;
	for ( int i = 0; i < 16; i++ ) {
		vec2 o = rotations[ i < 8 ? 0 : 1 ] * poissonDisk[ i ];
		s += step( sc.z, texture2D( shadowMap, sc.xy + o / 1024.0 ).r );
	}
	s /= 16.0;
	if ( !enabled[ 0 ] ) s = 1.0;
	vec3 irr = shGetIrradianceAt( normalize( vNormal ), lightProbe );
	gl_FragColor = vec4( irr * s * float( modes[ 1 ] + 1 ), enabled[ 1 ] ? 1.0 : 0.5 );
}
