#version 300 es
precision highp float;
precision highp int;
#define NUM_LIGHTS 4
layout(std140) uniform Camera {
	mat4 view;
	mat4 projection;
	vec4 position;
} camera;
struct Light { vec4 positionRange; vec4 colorIntensity; };
layout(std140) uniform Lights {
	Light lights[NUM_LIGHTS];
	int lightCount;
};
uniform sampler2D uBaseColor;
uniform sampler2D uMetalRough;
uniform sampler2D uNormal;
in vec3 vWorldPos;
in vec3 vNormal;
in vec4 vTangent;
in vec2 vUv;
layout(location = 0) out vec4 fragColor;
const float PI = 3.14159265359;
float distributionGGX( float NdotH, float a ) {
	float a2 = a * a;
	float d = NdotH * NdotH * ( a2 - 1.0 ) + 1.0;
	return a2 / ( PI * d * d );
}
float geometrySmith( float NdotV, float NdotL, float r ) {
	float k = ( r + 1.0 ) * ( r + 1.0 ) / 8.0;
	return ( NdotV / ( NdotV * ( 1.0 - k ) + k ) ) * ( NdotL / ( NdotL * ( 1.0 - k ) + k ) );
}
vec3 fresnel( float c, vec3 f0 ) { return f0 + ( 1.0 - f0 ) * pow( clamp( 1.0 - c, 0.0, 1.0 ), 5.0 ); }
void main() {
	vec4 base = texture( uBaseColor, vUv );
	vec2 mr = texture( uMetalRough, vUv ).bg;
	vec3 tn = texture( uNormal, vUv ).xyz * 2.0 - 1.0;
	vec3 N = normalize( vNormal );
	vec3 T = normalize( vTangent.xyz - N * dot( N, vTangent.xyz ) );
	vec3 B = cross( N, T ) * vTangent.w;
	N = normalize( mat3( T, B, N ) * tn );
	vec3 V = normalize( camera.position.xyz - vWorldPos );
	vec3 f0 = mix( vec3( 0.04 ), base.rgb, mr.x );
	vec3 Lo = vec3( 0.0 );
	for ( int i = 0; i < lightCount && i < NUM_LIGHTS; ++i ) {
		vec3 Lv = lights[i].positionRange.xyz - vWorldPos;
		float dist = length( Lv );
		vec3 L = Lv / dist;
		vec3 H = normalize( V + L );
		float NdotL = max( dot( N, L ), 0.0 );
		float NdotV = max( dot( N, V ), 1e-4 );
		float att = clamp( 1.0 - pow( dist / lights[i].positionRange.w, 4.0 ), 0.0, 1.0 ) / ( dist * dist + 1.0 );
		vec3 radiance = lights[i].colorIntensity.rgb * lights[i].colorIntensity.a * att;
		vec3 F = fresnel( max( dot( H, V ), 0.0 ), f0 );
		float D = distributionGGX( max( dot( N, H ), 0.0 ), mr.y * mr.y );
		float G = geometrySmith( NdotV, NdotL, mr.y );
		vec3 spec = D * G * F / ( 4.0 * NdotV * NdotL + 1e-4 );
		vec3 kd = ( 1.0 - F ) * ( 1.0 - mr.x );
		Lo += ( kd * base.rgb / PI + spec ) * radiance * NdotL;
	}
	fragColor = vec4( Lo + base.rgb * 0.03, base.a );
}
