#version 300 es
precision highp float;
uniform sampler2D uTex;
uniform sampler2D uIndirection;
uniform vec2 uPageSize;
in vec2 vUv;
out vec4 fragColor;
void main() {
	vec2 dx = dFdx( vUv ), dy = dFdy( vUv );
	vec4 page = texture( uIndirection, vUv );
	vec2 uv = page.xy + fract( vUv * uPageSize ) * page.z;
	vec4 c = textureGrad( uTex, uv, dx * page.z * uPageSize, dy * page.z * uPageSize );
	vec4 o = textureLodOffset( uTex, uv, 0.0, ivec2( 1, 0 ) );
	vec4 p = texelFetchOffset( uTex, ivec2( uv * 256.0 ), 0, ivec2( 0, 1 ) );
	fragColor = c * 0.8 + o * 0.1 + p * 0.1;
}
