#version 300 es
precision mediump float;
in vec3 vColor;
in float vDist[ 2 ];
out vec4 o;
void main() {
	o = vec4( vColor * exp( -vDist[ 0 ] * 0.1 ), step( 0.0, vDist[ 1 ] ) );
}
