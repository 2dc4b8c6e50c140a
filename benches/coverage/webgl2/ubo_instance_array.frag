#version 300 es
precision highp float;
struct Mat { vec4 color; mat3x2 uvTransform; bool textured; };
layout(std140) uniform MaterialBlock { Mat mats[4]; bvec2 flags; ivec4 counts; } materials;
uniform sampler2D uTex;
flat in int vMat;
in vec2 vUv;
out vec4 o;
void main() {
	Mat m = materials.mats[ vMat & 3 ];
	vec2 uv = m.uvTransform * vec3( vUv, 1.0 );
	vec4 c = m.color;
	if ( m.textured ) c *= texture( uTex, uv );
	if ( materials.flags.x ) c.rgb = vec3( 1.0 ) - c.rgb;
	c.a *= float( materials.counts.w > 0 );
	o = c;
}
