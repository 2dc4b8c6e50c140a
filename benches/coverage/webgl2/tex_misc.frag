#version 300 es
precision highp float;
precision highp sampler2DArray;
precision highp sampler3D;
precision highp samplerCubeShadow;
precision highp sampler2DArrayShadow;
uniform sampler2D uTex;
uniform sampler2DArray uArr;
uniform sampler3D uVol;
uniform samplerCubeShadow uCubeShadow;
uniform sampler2DArrayShadow uArrShadow;
in vec3 vCoord;
out vec4 o;
void main() {
	vec4 a = textureProj( uTex, vec4( vCoord.xy, 0.0, 1.0 ) );
	vec4 b = textureOffset( uTex, vCoord.xy, ivec2( -1, 1 ) );
	vec4 c = textureProjLod( uTex, vec3( vCoord.xy, 1.0 ), 1.0 );
	vec4 d = textureGradOffset( uTex, vCoord.xy, vec2( 0.01 ), vec2( 0.01 ), ivec2( 1 ) );
	vec4 e = texture( uArr, vCoord ) + textureLod( uVol, vCoord, 0.0 );
	float s = texture( uCubeShadow, vec4( vCoord, 0.5 ) ) + texture( uArrShadow, vec4( vCoord, 0.5 ) );
	ivec3 sz = textureSize( uVol, 0 );
	o = ( a + b + c + d + e ) * s + vec4( float( sz.x ) * 0.0 );
}
