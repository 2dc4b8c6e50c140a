#version 300 es
precision highp float;
precision highp int;
uniform highp usampler2D uPacked;
in vec2 vUv;
layout(location = 0) out vec4 color;
layout(location = 1) out uvec4 packedOut;
void main() {
	uvec4 p = texture( uPacked, vUv );
	vec2 h = unpackHalf2x16( p.x );
	vec2 n = unpackSnorm2x16( p.y );
	vec2 u = unpackUnorm2x16( p.z );
	float f = uintBitsToFloat( p.w );
	int bits = floatBitsToInt( f );
	color = vec4( h, n.x + u.y, float( bits & 1 ) );
	packedOut = uvec4( packHalf2x16( h * 2.0 ), packSnorm2x16( n ), packUnorm2x16( u ), floatBitsToUint( f * 0.5 ) );
}
