#version 300 es
precision highp float;
layout(std140) uniform Blur {
	float weights[ 8 ];
	vec2 offsets[ 8 ];
	int taps;
};
uniform sampler2D uTex;
in vec2 vUv;
out vec4 o;
void main() {
	vec4 c = vec4( 0.0 );
	for ( int i = 0; i < 8; ++i ) {
		if ( i >= taps ) break;
		c += texture( uTex, vUv + offsets[ i ] ) * weights[ i ];
	}
	o = c;
}
