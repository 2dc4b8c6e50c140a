#define LAMBERT
#define NUM_DIR_LIGHTS 1
#define NUM_HEMI_LIGHTS 1
precision highp float;
uniform mat4 modelViewMatrix;
uniform mat4 projectionMatrix;
uniform mat4 viewMatrix;
uniform mat3 normalMatrix;
attribute vec3 position;
attribute vec3 normal;
varying vec3 vLightFront;
varying vec3 vIndirectFront;
struct DirectionalLight { vec3 direction; vec3 color; };
uniform DirectionalLight directionalLights[ NUM_DIR_LIGHTS ];
struct HemisphereLight { vec3 direction; vec3 skyColor; vec3 groundColor; };
uniform HemisphereLight hemisphereLights[ NUM_HEMI_LIGHTS ];
uniform vec3 ambientLightColor;
vec3 getHemisphereLightIrradiance( const in HemisphereLight hemiLight, const in vec3 normal ) {
	float dotNL = dot( normal, hemiLight.direction );
	float hemiDiffuseWeight = 0.5 * dotNL + 0.5;
	return mix( hemiLight.groundColor, hemiLight.skyColor, hemiDiffuseWeight );
}
void main() {
	vec3 transformedNormal = normalize( normalMatrix * normal );
	vec4 mvPosition = modelViewMatrix * vec4( position, 1.0 );
	gl_Position = projectionMatrix * mvPosition;
	vLightFront = vec3( 0.0 );
	vIndirectFront = ambientLightColor;
	for ( int i = 0; i < NUM_HEMI_LIGHTS; i ++ ) {
		vIndirectFront += getHemisphereLightIrradiance( hemisphereLights[ i ], transformedNormal );
	}
	for ( int i = 0; i < NUM_DIR_LIGHTS; i ++ ) {
		float dotNL = dot( transformedNormal, directionalLights[ i ].direction );
		vLightFront += clamp( dotNL, 0.0, 1.0 ) * directionalLights[ i ].color;
	}
}
