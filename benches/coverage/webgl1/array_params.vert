attribute vec3 position;
uniform mat4 mvp;
uniform float weights[ 5 ];
varying float vSum;
float total( float w[ 5 ] ) {
	float s = 0.0;
	for ( int i = 0; i < 5; i++ ) s += w[ i ];
	return s;
}
void fill( out float dst[ 3 ], float v ) {
	for ( int i = 0; i < 3; i++ ) dst[ i ] = v * float( i );
}
void main() {
	float local[ 3 ];
	fill( local, position.x );
	float w[ 5 ];
	for ( int i = 0; i < 5; i++ ) w[ i ] = weights[ i ];
	vSum = total( w ) + local[ 2 ];
	gl_Position = mvp * vec4( position, 1.0 );
}
