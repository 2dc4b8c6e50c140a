precision highp float;
precision highp int;
attribute vec3 position;
attribute float aIndex;
uniform mat4 mvp;
uniform int uSelected[4];
uniform ivec2 uGrid;
uniform bvec2 uFlip;
uniform vec4 uPalette[8];
varying lowp vec4 vColor;
void main() {
	int idx = int( aIndex );
	int col = idx - ( idx / uGrid.x ) * uGrid.x;
	vec4 c = uPalette[ 0 ];
	for ( int i = 0; i < 8; i++ ) {
		if ( i == col ) c = uPalette[ i ];
	}
	for ( int k = 0; k < 4; k++ ) {
		if ( uSelected[ k ] == idx ) c = vec4( 1.0, 1.0, 0.0, 1.0 );
	}
	vec3 p = position;
	if ( uFlip.x ) p.x = -p.x;
	if ( uFlip.y ) p.y = -p.y;
	vColor = c;
	gl_Position = mvp * vec4( p, 1.0 );
}
