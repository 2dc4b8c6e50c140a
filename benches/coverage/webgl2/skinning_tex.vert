#version 300 es
precision highp float;
uniform highp sampler2D boneTexture;
uniform mat4 bindMatrix;
uniform mat4 bindMatrixInverse;
uniform mat4 viewProj;
in vec3 position;
in vec4 skinIndex;
in vec4 skinWeight;
out vec3 vPos;
mat4 getBoneMatrix( const in float i ) {
	int size = textureSize( boneTexture, 0 ).x;
	int j = int( i ) * 4;
	int x = j % size;
	int y = j / size;
	vec4 v1 = texelFetch( boneTexture, ivec2( x, y ), 0 );
	vec4 v2 = texelFetch( boneTexture, ivec2( x + 1, y ), 0 );
	vec4 v3 = texelFetch( boneTexture, ivec2( x + 2, y ), 0 );
	vec4 v4 = texelFetch( boneTexture, ivec2( x + 3, y ), 0 );
	return mat4( v1, v2, v3, v4 );
}
void main() {
	vec4 skinVertex = bindMatrix * vec4( position, 1.0 );
	vec4 skinned = vec4( 0.0 );
	skinned += getBoneMatrix( skinIndex.x ) * skinVertex * skinWeight.x;
	skinned += getBoneMatrix( skinIndex.y ) * skinVertex * skinWeight.y;
	skinned += getBoneMatrix( skinIndex.z ) * skinVertex * skinWeight.z;
	skinned += getBoneMatrix( skinIndex.w ) * skinVertex * skinWeight.w;
	vPos = ( bindMatrixInverse * skinned ).xyz;
	gl_Position = viewProj * vec4( vPos, 1.0 );
}
