#version 300 es
uniform mat4 uModel;
uniform mat4 uViewProj;
uniform mat3x4 uBones[ 16 ];
in vec3 aPosition;
in vec3 aNormal;
in uvec4 aJoints;
in vec4 aWeights;
out vec3 vNormal;
void main() {
	mat3x4 skin = uBones[ aJoints.x ] * aWeights.x + uBones[ aJoints.y ] * aWeights.y + uBones[ aJoints.z ] * aWeights.z + uBones[ aJoints.w ] * aWeights.w;
	vec3 p = mat3( 1.0 ) * ( vec4( aPosition, 1.0 ) * skin );
	mat3 nm = transpose( inverse( mat3( uModel ) ) );
	vNormal = nm * aNormal;
	float det = determinant( uModel );
	gl_Position = uViewProj * uModel * vec4( p * sign( det ), 1.0 );
}
