precision highp float;
#define NUM_SPOT_LIGHTS 2
#define NUM_SPOT_LIGHT_MAPS 0
uniform vec3 diffuse;
varying vec3 vViewPosition;
varying vec3 vNormal;
struct SpotLight { vec3 position; vec3 direction; vec3 color; float distance; float decay; float coneCos; float penumbraCos; };
uniform SpotLight spotLights[ NUM_SPOT_LIGHTS ];
float smoothstepLike( float a, float b, float x ) { return smoothstep( a, b, x ); }
float getSpotAttenuation( const in float coneCosine, const in float penumbraCosine, const in float angleCosine ) {
	return smoothstepLike( coneCosine, penumbraCosine, angleCosine );
}
void main() {
	vec3 normal = normalize( vNormal );
	vec3 geometryPosition = - vViewPosition;
	vec3 total = vec3( 0.0 );
	for ( int i = 0; i < NUM_SPOT_LIGHTS; i ++ ) {
		vec3 lVector = spotLights[ i ].position - geometryPosition;
		vec3 dir = normalize( lVector );
		float angleCos = dot( dir, spotLights[ i ].direction );
		float spotAttenuation = getSpotAttenuation( spotLights[ i ].coneCos, spotLights[ i ].penumbraCos, angleCos );
		if ( spotAttenuation > 0.0 ) {
			float lightDistance = length( lVector );
			float att = spotLights[ i ].distance > 0.0 ? pow( clamp( -lightDistance / spotLights[ i ].distance + 1.0, 0.0, 1.0 ), spotLights[ i ].decay ) : 1.0;
			total += max( dot( normal, dir ), 0.0 ) * spotLights[ i ].color * att * spotAttenuation;
		}
	}
	gl_FragColor = vec4( diffuse * total, 1.0 );
}
