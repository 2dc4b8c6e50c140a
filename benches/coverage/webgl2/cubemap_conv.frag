#version 300 es
precision highp float;
uniform samplerCube uEnv;
uniform float uRoughness;
uniform float uResolution;
in vec3 vDir;
out vec4 fragColor;
const float PI = 3.14159265359;
float radicalInverse( uint bits ) {
	bits = ( bits << 16u ) | ( bits >> 16u );
	bits = ( ( bits & 0x55555555u ) << 1u ) | ( ( bits & 0xAAAAAAAAu ) >> 1u );
	bits = ( ( bits & 0x33333333u ) << 2u ) | ( ( bits & 0xCCCCCCCCu ) >> 2u );
	bits = ( ( bits & 0x0F0F0F0Fu ) << 4u ) | ( ( bits & 0xF0F0F0F0u ) >> 4u );
	bits = ( ( bits & 0x00FF00FFu ) << 8u ) | ( ( bits & 0xFF00FF00u ) >> 8u );
	return float( bits ) * 2.3283064365386963e-10;
}
vec2 hammersley( uint i, uint n ) { return vec2( float( i ) / float( n ), radicalInverse( i ) ); }
vec3 importanceSampleGGX( vec2 Xi, vec3 N, float r ) {
	float a = r * r;
	float phi = 2.0 * PI * Xi.x;
	float cosTheta = sqrt( ( 1.0 - Xi.y ) / ( 1.0 + ( a * a - 1.0 ) * Xi.y ) );
	float sinTheta = sqrt( 1.0 - cosTheta * cosTheta );
	vec3 H = vec3( cos( phi ) * sinTheta, sin( phi ) * sinTheta, cosTheta );
	vec3 up = abs( N.z ) < 0.999 ? vec3( 0.0, 0.0, 1.0 ) : vec3( 1.0, 0.0, 0.0 );
	vec3 tangent = normalize( cross( up, N ) );
	vec3 bitangent = cross( N, tangent );
	return normalize( tangent * H.x + bitangent * H.y + N * H.z );
}
void main() {
	vec3 N = normalize( vDir );
	vec3 sum = vec3( 0.0 );
	float w = 0.0;
	const uint SAMPLES = 64u;
	for ( uint i = 0u; i < SAMPLES; ++i ) {
		vec3 H = importanceSampleGGX( hammersley( i, SAMPLES ), N, uRoughness );
		vec3 L = normalize( 2.0 * dot( N, H ) * H - N );
		float NdotL = max( dot( N, L ), 0.0 );
		if ( NdotL > 0.0 ) {
			float lod = 0.5 * log2( 6.0 * uResolution * uResolution / float( SAMPLES ) );
			sum += textureLod( uEnv, L, max( lod, 0.0 ) ).rgb * NdotL;
			w += NdotL;
		}
	}
	fragColor = vec4( sum / w, 1.0 );
}
