#version 300 es
precision highp float;
precision highp int;
precision highp usampler2D;
uniform usampler2D uClusters;
uniform sampler2D uLightData;
uniform uvec3 uClusterDims;
uniform vec2 uScreenSize;
uniform float uNear;
uniform float uFar;
in vec3 vViewPos;
in vec3 vNormal;
out vec4 fragColor;
void main() {
	float z = -vViewPos.z;
	uint slice = uint( max( log( z / uNear ) / log( uFar / uNear ) * float( uClusterDims.z ), 0.0 ) );
	uvec2 tile = uvec2( gl_FragCoord.xy / uScreenSize * vec2( uClusterDims.xy ) );
	uint cluster = tile.x + tile.y * uClusterDims.x + slice * uClusterDims.x * uClusterDims.y;
	uvec4 info = texelFetch( uClusters, ivec2( int( cluster ), 0 ), 0 );
	uint offset = info.x, count = min( info.y, 32u );
	vec3 n = normalize( vNormal );
	vec3 acc = vec3( 0.0 );
	for ( uint i = 0u; i < count; ++i ) {
		uint li = offset + i;
		vec4 posR = texelFetch( uLightData, ivec2( int( li ) * 2, 0 ), 0 );
		vec4 col = texelFetch( uLightData, ivec2( int( li ) * 2 + 1, 0 ), 0 );
		vec3 L = posR.xyz - vViewPos;
		float d = length( L );
		float att = max( 1.0 - d / posR.w, 0.0 );
		acc += col.rgb * max( dot( n, L / d ), 0.0 ) * att * att;
	}
	fragColor = vec4( acc, 1.0 );
}
