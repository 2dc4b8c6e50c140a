#version 300 es
precision mediump float;
centroid in vec2 vUv;
smooth in vec3 vColor;
flat in vec3 vFlatColor;
uniform sampler2D uTex;
out vec4 o;
void main() {
	o = texture( uTex, vUv ) * vec4( mix( vColor, vFlatColor, 0.5 ), 1.0 );
}
