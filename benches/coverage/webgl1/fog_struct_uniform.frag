precision mediump float;
struct FogParams { float near; float far; };
struct Rim { vec2 range; float power; };
uniform float opacity;
uniform FogParams fog;
uniform Rim rim;
uniform vec3 fogColor;
uniform vec3 baseColor;
varying float vFogDepth;
varying vec3 vNormal;
varying vec3 vViewDir;
void main() {
	float r = 1.0 - max( dot( normalize( vNormal ), normalize( vViewDir ) ), 0.0 );
	r = smoothstep( rim.range.x, rim.range.y, pow( r, rim.power ) );
	vec3 c = baseColor + r;
	float f = smoothstep( fog.near, fog.far, vFogDepth );
	gl_FragColor = vec4( mix( c, fogColor, f ), opacity );
}
