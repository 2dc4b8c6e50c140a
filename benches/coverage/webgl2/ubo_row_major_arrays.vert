#version 300 es
#pragma STDGL invariant(all)
layout(std140, row_major) uniform Transforms {
	mat4 viewProj;
	mat4x3 bones[ 32 ];
	float weightsScale[ 4 ];
} xf;
layout(std140) uniform Lights { vec4 dir; vec4 color; } lights[ 2 ];
in vec3 aPos;
in vec3 aNormal;
in uvec4 aJoints;
in vec4 aWeights;
out vec3 vColor;
out float vDist[ 2 ];
void main() {
	vec3 p = vec3( 0.0 );
	for ( int i = 0; i < 4; ++i ) p += ( xf.bones[ aJoints[ i ] ] * vec4( aPos, 1.0 ) ) * aWeights[ i ] * xf.weightsScale[ i ];
	vec3 n = normalize( aNormal );
	vColor = lights[ 0 ].color.rgb * max( dot( n, lights[ 0 ].dir.xyz ), 0.0 ) + lights[ 1 ].color.rgb * max( dot( n, lights[ 1 ].dir.xyz ), 0.0 );
	vDist[ 0 ] = length( p );
	vDist[ 1 ] = p.y;
	gl_Position = xf.viewProj * vec4( p, 1.0 );
}
