#version 300 es
precision highp float;
precision highp sampler2DShadow;
uniform sampler2DShadow uShadowMap;
uniform vec2 uShadowTexel;
in vec4 vShadowCoord;
in vec3 vNormal;
uniform vec3 uLightDir;
out vec4 fragColor;
float pcf( vec3 sc ) {
	float s = 0.0;
	for ( int y = -1; y <= 1; ++y )
		for ( int x = -1; x <= 1; ++x )
			s += texture( uShadowMap, vec3( sc.xy + vec2( x, y ) * uShadowTexel, sc.z ) );
	return s / 9.0;
}
void main() {
	vec3 sc = vShadowCoord.xyz / vShadowCoord.w;
	float vis = pcf( sc ) * 0.5 + 0.5 * textureProj( uShadowMap, vShadowCoord );
	float ndl = max( dot( normalize( vNormal ), -uLightDir ), 0.0 );
	fragColor = vec4( vec3( ndl * vis ), 1.0 );
}
