precision mediump float;
uniform sampler2D tDiffuse;
uniform sampler2D tNormal;
varying vec2 vUv;
varying vec3 vNormal;
varying float vDepth;
void main() {
	vec4 albedo = texture2D( tDiffuse, vUv );
	vec3 n = normalize( vNormal ) * 0.5 + 0.5;
	gl_FragData[ 0 ] = albedo;
	gl_FragData[ 1 ] = vec4( n, 1.0 );
	gl_FragData[ 2 ] = vec4( vec3( vDepth ), 1.0 );
}
