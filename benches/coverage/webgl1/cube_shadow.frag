precision highp float;
#define NUM_POINT_LIGHT_SHADOWS 1
const float UnpackDownscale = 255. / 256.;
const vec3 PackFactors = vec3( 256. * 256. * 256., 256. * 256., 256. );
const vec4 UnpackFactors = UnpackDownscale / vec4( PackFactors, 1. );
float unpackRGBAToDepth( const in vec4 v ) { return dot( v, UnpackFactors ); }
vec2 unpackRGBATo2Half( vec4 v ) { return vec2( v.x + ( v.y / 255.0 ), v.z + ( v.w / 255.0 ) ); }
uniform sampler2D pointShadowMap[ NUM_POINT_LIGHT_SHADOWS ];
varying vec4 vPointShadowCoord[ NUM_POINT_LIGHT_SHADOWS ];
struct PointLightShadow { float shadowBias; float shadowNormalBias; float shadowRadius; vec2 shadowMapSize; float shadowCameraNear; float shadowCameraFar; };
uniform PointLightShadow pointLightShadows[ NUM_POINT_LIGHT_SHADOWS ];
vec2 cubeToUV( vec3 v, float texelSizeY ) {
	vec3 absV = abs( v );
	float scaleToCube = 1.0 / max( absV.x, max( absV.y, absV.z ) );
	absV *= scaleToCube;
	v *= scaleToCube * ( 1.0 - 2.0 * texelSizeY );
	vec2 planar = v.xy;
	float almostATexel = 1.5 * texelSizeY;
	float almostOne = 1.0 - almostATexel;
	if ( absV.z >= almostOne ) {
		if ( v.z > 0.0 ) planar.x = 4.0 - v.x;
	} else if ( absV.x >= almostOne ) {
		float signX = sign( v.x );
		planar.x = v.z * signX + 2.0 * signX;
	} else if ( absV.y >= almostOne ) {
		float signY = sign( v.y );
		planar.x = v.x + 2.0 * signY + 2.0;
		planar.y = v.z * signY - 2.0;
	}
	return vec2( 0.125, 0.25 ) * planar + vec2( 0.375, 0.75 );
}
float texture2DCompare( sampler2D depths, vec2 uv, float compare ) {
	return step( compare, unpackRGBAToDepth( texture2D( depths, uv ) ) );
}
float getPointShadow( sampler2D shadowMap, vec2 shadowMapSize, float shadowBias, float shadowRadius, vec4 shadowCoord, float shadowCameraNear, float shadowCameraFar ) {
	vec2 texelSize = vec2( 1.0 ) / ( shadowMapSize * vec2( 4.0, 2.0 ) );
	vec3 lightToPosition = shadowCoord.xyz;
	float dp = ( length( lightToPosition ) - shadowCameraNear ) / ( shadowCameraFar - shadowCameraNear );
	dp += shadowBias;
	vec3 bd3D = normalize( lightToPosition );
	vec2 offset = vec2( - 1, 1 ) * shadowRadius * texelSize.y;
	return (
		texture2DCompare( shadowMap, cubeToUV( bd3D + offset.xyy, texelSize.y ), dp ) +
		texture2DCompare( shadowMap, cubeToUV( bd3D + offset.yyy, texelSize.y ), dp ) +
		texture2DCompare( shadowMap, cubeToUV( bd3D + offset.xyx, texelSize.y ), dp ) +
		texture2DCompare( shadowMap, cubeToUV( bd3D + offset.yyx, texelSize.y ), dp ) +
		texture2DCompare( shadowMap, cubeToUV( bd3D, texelSize.y ), dp )
	) * ( 1.0 / 5.0 );
}
void main() {
	float shadow = 1.0;
	PointLightShadow pointLightShadow;
	for ( int i = 0; i < NUM_POINT_LIGHT_SHADOWS; i ++ ) {
		pointLightShadow = pointLightShadows[ i ];
		shadow *= getPointShadow( pointShadowMap[ i ], pointLightShadow.shadowMapSize, pointLightShadow.shadowBias, pointLightShadow.shadowRadius, vPointShadowCoord[ i ], pointLightShadow.shadowCameraNear, pointLightShadow.shadowCameraFar );
	}
	vec2 h = unpackRGBATo2Half( vec4( shadow ) );
	gl_FragColor = vec4( vec3( shadow ), h.x * 0.0 + 1.0 );
}
