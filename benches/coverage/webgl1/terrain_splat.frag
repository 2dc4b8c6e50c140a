precision mediump float;
uniform sampler2D splatMap;
uniform sampler2D layer0;
uniform sampler2D layer1;
uniform sampler2D layer2;
uniform sampler2D layer3;
uniform vec4 layerScale;
uniform vec3 lightDir;
varying vec2 vUv;
varying vec3 vNormal;
varying float vHeight;
void main() {
	vec4 w = texture2D( splatMap, vUv );
	w /= max( dot( w, vec4( 1.0 ) ), 0.0001 );
	vec3 c = texture2D( layer0, vUv * layerScale.x ).rgb * w.r
		+ texture2D( layer1, vUv * layerScale.y ).rgb * w.g
		+ texture2D( layer2, vUv * layerScale.z ).rgb * w.b
		+ texture2D( layer3, vUv * layerScale.w ).rgb * w.a;
	float snow = smoothstep( 0.7, 0.8, vHeight ) * step( 0.8, vNormal.y );
	c = mix( c, vec3( 0.95 ), snow );
	float ndl = max( dot( normalize( vNormal ), normalize( lightDir ) ), 0.0 );
	gl_FragColor = vec4( c * ( 0.3 + 0.7 * ndl ), 1.0 );
}
