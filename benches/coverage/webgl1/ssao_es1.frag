#extension GL_OES_standard_derivatives : enable
precision highp float;
uniform sampler2D tDepth;
uniform sampler2D tNoise;
uniform vec3 kernel[ 16 ];
uniform mat4 cameraProjectionMatrix;
uniform mat4 cameraInverseProjectionMatrix;
uniform float cameraNear;
uniform float cameraFar;
uniform float kernelRadius;
uniform vec2 resolution;
varying vec2 vUv;
float getDepth( const in vec2 screenPosition ) { return texture2D( tDepth, screenPosition ).x; }
float getViewZ( const in float depth ) {
	return ( cameraNear * cameraFar ) / ( ( cameraFar - cameraNear ) * depth - cameraFar );
}
vec3 getViewPosition( const in vec2 screenPosition, const in float depth, const in float viewZ ) {
	float clipW = cameraProjectionMatrix[2][3] * viewZ + cameraProjectionMatrix[3][3];
	vec4 clipPosition = vec4( ( vec3( screenPosition, depth ) - 0.5 ) * 2.0, 1.0 );
	clipPosition *= clipW;
	return ( cameraInverseProjectionMatrix * clipPosition ).xyz;
}
void main() {
	float depth = getDepth( vUv );
	float viewZ = getViewZ( depth );
	vec3 viewPosition = getViewPosition( vUv, depth, viewZ );
	vec3 viewNormal = normalize( cross( dFdx( viewPosition ), dFdy( viewPosition ) ) );
	vec2 noiseScale = vec2( resolution.x / 4.0, resolution.y / 4.0 );
	vec3 random = texture2D( tNoise, vUv * noiseScale ).xyz * 2.0 - 1.0;
	vec3 tangent = normalize( random - viewNormal * dot( random, viewNormal ) );
	vec3 bitangent = cross( viewNormal, tangent );
	mat3 kernelMatrix = mat3( tangent, bitangent, viewNormal );
	float occlusion = 0.0;
	for ( int i = 0; i < 16; i ++ ) {
		vec3 sampleVector = kernelMatrix * kernel[ i ];
		vec3 samplePoint = viewPosition + ( sampleVector * kernelRadius );
		vec4 samplePointNDC = cameraProjectionMatrix * vec4( samplePoint, 1.0 );
		samplePointNDC /= samplePointNDC.w;
		vec2 samplePointUv = samplePointNDC.xy * 0.5 + 0.5;
		float realDepth = getViewZ( getDepth( samplePointUv ) );
		float delta = samplePoint.z - realDepth;
		if ( delta > 0.01 && delta < kernelRadius ) occlusion += 1.0;
	}
	occlusion = clamp( occlusion / 16.0, 0.0, 1.0 );
	gl_FragColor = vec4( vec3( 1.0 - occlusion ), 1.0 );
}
