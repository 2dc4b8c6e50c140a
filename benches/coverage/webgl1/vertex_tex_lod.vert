attribute vec3 position;
attribute vec2 uv;
uniform sampler2D displacementMap;
uniform float displacementScale;
uniform mat4 mvp;
varying vec2 vUv;
void main() {
	vUv = uv;
	float d = texture2DLod( displacementMap, uv, 0.0 ).x;
	vec4 p = texture2DProjLod( displacementMap, vec4( uv, 0.0, 1.0 ), 0.0 );
	gl_Position = mvp * vec4( position + vec3( 0.0, d * displacementScale + p.x * 0.0, 0.0 ), 1.0 );
}
