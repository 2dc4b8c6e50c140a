#version 300 es
precision highp float;
uniform float uDelta;
uniform vec3 uGravity;
uniform vec3 uEmitter;
uniform highp sampler2D uNoise;
layout(location = 0) in vec3 iPosition;
layout(location = 1) in vec3 iVelocity;
layout(location = 2) in float iAge;
layout(location = 3) in float iLife;
out vec3 oPosition;
out vec3 oVelocity;
out float oAge;
out float oLife;
void main() {
	if ( iAge >= iLife ) {
		ivec2 c = ivec2( gl_VertexID % 512, gl_VertexID / 512 );
		vec4 r = texelFetch( uNoise, c, 0 );
		oPosition = uEmitter;
		oVelocity = normalize( r.xyz * 2.0 - 1.0 ) * ( 1.0 + r.w );
		oAge = 0.0;
		oLife = iLife;
	} else {
		oVelocity = iVelocity + uGravity * uDelta;
		oPosition = iPosition + oVelocity * uDelta;
		oAge = iAge + uDelta;
		oLife = iLife;
	}
}
