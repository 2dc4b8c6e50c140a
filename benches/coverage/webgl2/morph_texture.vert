#version 300 es
precision highp float;
#define MORPHTARGETS_COUNT 8
uniform float morphTargetBaseInfluence;
uniform float morphTargetInfluences[ MORPHTARGETS_COUNT ];
uniform highp sampler2DArray morphTargetsTexture;
uniform ivec2 morphTargetsTextureSize;
uniform mat4 mvp;
in vec3 position;
vec4 getMorph( const in int vertexIndex, const in int morphTargetIndex, const in int offset ) {
	int texelIndex = vertexIndex * 2 + offset;
	int y = texelIndex / morphTargetsTextureSize.x;
	int x = texelIndex - y * morphTargetsTextureSize.x;
	ivec3 morphUV = ivec3( x, y, morphTargetIndex );
	return texelFetch( morphTargetsTexture, morphUV, 0 );
}
void main() {
	vec3 transformed = position * morphTargetBaseInfluence;
	for ( int i = 0; i < MORPHTARGETS_COUNT; i ++ ) {
		if ( morphTargetInfluences[ i ] != 0.0 ) transformed += getMorph( gl_VertexID, i, 0 ).xyz * morphTargetInfluences[ i ];
	}
	gl_Position = mvp * vec4( transformed, 1.0 );
}
