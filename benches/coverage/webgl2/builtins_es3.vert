#version 300 es
in vec4 aPosition;
in vec3 aNormal;
uniform mat4 uMvp;
uniform mat2x3 uSkew;
out vec3 vN;
out float vT;
void main() {
	vec3 n = normalize( aNormal );
	vec2 r = vec2( round( n.x * 10.0 ), roundEven( n.y * 10.0 ) );
	vec3 t = trunc( n * 5.0 ) + sinh( n ) + cosh( n ) + tanh( n ) + asinh( n ) + acosh( abs( n ) + 1.0 ) + atanh( n * 0.5 );
	bvec3 nanCheck = isnan( t );
	bvec3 infCheck = isinf( t );
	vec3 m = modf( aPosition.xyz, t );
	vec3 skewed = uSkew * r;
	vN = any( nanCheck ) || any( infCheck ) ? vec3( 0.0 ) : m + skewed + outerProduct( n, n )[ 0 ];
	vT = dot( t, vec3( 1.0 ) );
	gl_Position = uMvp * aPosition;
}
