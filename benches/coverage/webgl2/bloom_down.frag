#version 300 es
precision mediump float;
uniform sampler2D srcTexture;
uniform vec2 srcResolution;
uniform int mipLevel;
in vec2 texCoord;
layout (location = 0) out vec3 downsample;
vec3 PowVec3( vec3 v, float p ) { return vec3( pow( v.x, p ), pow( v.y, p ), pow( v.z, p ) ); }
float KarisAverage( vec3 col ) {
	float luma = dot( PowVec3( col, 1.0 / 2.2 ), vec3( 0.2126, 0.7152, 0.0722 ) ) * 0.25;
	return 1.0 / ( 1.0 + luma );
}
void main() {
	vec2 srcTexelSize = 1.0 / srcResolution;
	float x = srcTexelSize.x, y = srcTexelSize.y;
	vec3 a = texture( srcTexture, vec2( texCoord.x - 2.0*x, texCoord.y + 2.0*y ) ).rgb;
	vec3 b = texture( srcTexture, vec2( texCoord.x, texCoord.y + 2.0*y ) ).rgb;
	vec3 c = texture( srcTexture, vec2( texCoord.x + 2.0*x, texCoord.y + 2.0*y ) ).rgb;
	vec3 d = texture( srcTexture, vec2( texCoord.x - 2.0*x, texCoord.y ) ).rgb;
	vec3 e = texture( srcTexture, vec2( texCoord.x, texCoord.y ) ).rgb;
	vec3 f = texture( srcTexture, vec2( texCoord.x + 2.0*x, texCoord.y ) ).rgb;
	vec3 g = texture( srcTexture, vec2( texCoord.x - 2.0*x, texCoord.y - 2.0*y ) ).rgb;
	vec3 h = texture( srcTexture, vec2( texCoord.x, texCoord.y - 2.0*y ) ).rgb;
	vec3 i = texture( srcTexture, vec2( texCoord.x + 2.0*x, texCoord.y - 2.0*y ) ).rgb;
	vec3 groups[5];
	switch ( mipLevel ) {
	case 0:
		groups[0] = ( a + b + d + e ) * ( 0.125 / 4.0 );
		groups[1] = ( b + c + e + f ) * ( 0.125 / 4.0 );
		groups[2] = ( d + e + g + h ) * ( 0.125 / 4.0 );
		groups[3] = ( e + f + h + i ) * ( 0.125 / 4.0 );
		groups[4] = e * 0.5;
		downsample = groups[0] * KarisAverage( groups[0] ) + groups[1] * KarisAverage( groups[1] ) + groups[2] * KarisAverage( groups[2] ) + groups[3] * KarisAverage( groups[3] ) + groups[4];
		break;
	default:
		downsample = e * 0.125 + ( a + c + g + i ) * 0.03125 + ( b + d + f + h ) * 0.0625;
		break;
	}
	downsample = max( downsample, 0.0001 );
}
