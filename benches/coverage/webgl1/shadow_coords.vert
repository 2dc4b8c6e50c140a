precision highp float;
#define NUM_DIR_LIGHT_SHADOWS 2
#define NUM_SPOT_LIGHT_SHADOWS 1
uniform mat4 modelMatrix;
uniform mat4 viewMatrix;
uniform mat4 projectionMatrix;
attribute vec3 position;
attribute vec3 normal;
uniform mat4 directionalShadowMatrix[ NUM_DIR_LIGHT_SHADOWS ];
varying vec4 vDirectionalShadowCoord[ NUM_DIR_LIGHT_SHADOWS ];
uniform mat4 spotLightMatrix[ NUM_SPOT_LIGHT_SHADOWS ];
varying vec4 vSpotLightCoord[ NUM_SPOT_LIGHT_SHADOWS ];
struct DirectionalLightShadow { float shadowBias; float shadowNormalBias; float shadowRadius; vec2 shadowMapSize; };
uniform DirectionalLightShadow directionalLightShadows[ NUM_DIR_LIGHT_SHADOWS ];
vec3 inverseTransformDirection( in vec3 dir, in mat4 matrix ) {
	return normalize( ( vec4( dir, 0.0 ) * matrix ).xyz );
}
void main() {
	vec4 worldPosition = modelMatrix * vec4( position, 1.0 );
	vec3 shadowWorldNormal = inverseTransformDirection( normal, viewMatrix );
	vec4 shadowWorldPosition;
	for ( int i = 0; i < NUM_DIR_LIGHT_SHADOWS; i ++ ) {
		shadowWorldPosition = worldPosition + vec4( shadowWorldNormal * directionalLightShadows[ i ].shadowNormalBias, 0 );
		vDirectionalShadowCoord[ i ] = directionalShadowMatrix[ i ] * shadowWorldPosition;
	}
	for ( int i = 0; i < NUM_SPOT_LIGHT_SHADOWS; i ++ ) {
		vSpotLightCoord[ i ] = spotLightMatrix[ i ] * worldPosition;
	}
	gl_Position = projectionMatrix * viewMatrix * worldPosition;
}
