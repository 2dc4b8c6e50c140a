precision highp float;
precision highp int;
#define USE_UV
uniform mat4 modelMatrix;
uniform mat4 modelViewMatrix;
uniform mat4 projectionMatrix;
uniform mat3 normalMatrix;
uniform mat3 uvTransform;
attribute vec3 position;
attribute vec3 normal;
attribute vec2 uv;
varying vec3 vViewPosition;
varying vec3 vNormal;
#ifdef USE_UV
varying vec2 vUv;
#endif
void main() {
#ifdef USE_UV
	vUv = ( uvTransform * vec3( uv, 1 ) ).xy;
#endif
	vec3 objectNormal = vec3( normal );
	vec3 transformedNormal = normalMatrix * objectNormal;
	vNormal = normalize( transformedNormal );
	vec3 transformed = vec3( position );
	vec4 mvPosition = vec4( transformed, 1.0 );
	mvPosition = modelViewMatrix * mvPosition;
	gl_Position = projectionMatrix * mvPosition;
	vViewPosition = - mvPosition.xyz;
}
