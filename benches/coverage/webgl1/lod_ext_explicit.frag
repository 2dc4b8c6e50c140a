#extension GL_EXT_shader_texture_lod : enable
precision mediump float;
uniform sampler2D tex;
uniform samplerCube cube;
uniform float lod;
varying vec2 vUv;
varying vec3 vDir;
void main() {
	vec4 a = texture2DLodEXT( tex, vUv, lod );
	vec4 b = textureCubeLodEXT( cube, vDir, lod );
	vec4 c = texture2DProj( tex, vec3( vUv, 1.0 ) );
	vec4 d = texture2DGradEXT( tex, vUv, vec2( 0.01, 0.0 ), vec2( 0.0, 0.01 ) );
	gl_FragColor = a * 0.25 + b * 0.25 + c * 0.25 + d * 0.25;
}
