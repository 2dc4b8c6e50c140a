#version 300 es
precision mediump float;
precision mediump sampler2DArray;
uniform sampler2DArray uAtlas;
in vec2 vUv;
in vec4 vColor;
flat in uint vFrame;
out vec4 fragColor;
void main() {
	int layers = textureSize( uAtlas, 0 ).z;
	float layer = float( vFrame % uint( layers ) );
	vec4 t = texture( uAtlas, vec3( vUv, layer ) );
	fragColor = t * vColor;
	if ( fragColor.a < 0.01 ) discard;
}
