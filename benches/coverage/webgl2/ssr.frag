#version 300 es
precision highp float;
uniform sampler2D uColor;
uniform sampler2D uDepth;
uniform sampler2D uNormal;
uniform mat4 uProj;
uniform mat4 uInvProj;
uniform float uMaxDistance;
uniform float uThickness;
in vec2 texCoord;
out vec4 fragColor;
vec3 viewPosAt( vec2 uv ) {
	float d = textureLod( uDepth, uv, 0.0 ).r * 2.0 - 1.0;
	vec4 p = uInvProj * vec4( uv * 2.0 - 1.0, d, 1.0 );
	return p.xyz / p.w;
}
void main() {
	vec3 P = viewPosAt( texCoord );
	vec3 N = normalize( texture( uNormal, texCoord ).xyz * 2.0 - 1.0 );
	vec3 R = normalize( reflect( normalize( P ), N ) );
	vec3 hit = vec3( -1.0 );
	vec3 ray = P;
	float stepLen = uMaxDistance / 48.0;
	for ( int i = 0; i < 48; i++ ) {
		ray += R * stepLen;
		vec4 clip = uProj * vec4( ray, 1.0 );
		vec2 uv = clip.xy / clip.w * 0.5 + 0.5;
		if ( any( lessThan( uv, vec2( 0.0 ) ) ) || any( greaterThan( uv, vec2( 1.0 ) ) ) ) break;
		float sceneZ = viewPosAt( uv ).z;
		float diff = sceneZ - ray.z;
		if ( diff > 0.0 && diff < uThickness ) { hit = vec3( uv, float( i ) ); break; }
	}
	vec3 base = texture( uColor, texCoord ).rgb;
	vec3 refl = hit.x >= 0.0 ? texture( uColor, hit.xy ).rgb * ( 1.0 - hit.z / 48.0 ) : vec3( 0.0 );
	fragColor = vec4( base + refl * 0.5, 1.0 );
}
