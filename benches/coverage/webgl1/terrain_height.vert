precision highp float;
uniform sampler2D heightMap;
uniform float heightScale;
uniform vec2 texel;
uniform mat4 modelViewMatrix;
uniform mat4 projectionMatrix;
attribute vec3 position;
attribute vec2 uv;
varying vec2 vUv;
varying vec3 vNormal;
varying float vHeight;
void main() {
	vUv = uv;
	float h = texture2D( heightMap, uv ).r;
	float hx = texture2D( heightMap, uv + vec2( texel.x, 0.0 ) ).r;
	float hy = texture2D( heightMap, uv + vec2( 0.0, texel.y ) ).r;
	vNormal = normalize( vec3( ( h - hx ) * heightScale, 1.0, ( h - hy ) * heightScale ) );
	vHeight = h;
	gl_Position = projectionMatrix * modelViewMatrix * vec4( position.x, h * heightScale, position.z, 1.0 );
}
