#version 300 es
precision highp float;
uniform sampler2D uAlbedo;
uniform float uRoughness;
uniform uint uMaterialId;
in vec3 vNormal;
in vec2 vUv;
in float vViewDepth;
flat in uint vObjectId;
layout(location = 0) out vec4 outAlbedo;
layout(location = 1) out vec4 outNormal;
layout(location = 2) out uvec2 outIds;
layout(location = 3) out float outDepth;
vec2 octWrap( vec2 v ) { return ( 1.0 - abs( v.yx ) ) * vec2( v.x >= 0.0 ? 1.0 : -1.0, v.y >= 0.0 ? 1.0 : -1.0 ); }
vec2 encodeOct( vec3 n ) {
	n /= ( abs( n.x ) + abs( n.y ) + abs( n.z ) );
	n.xy = n.z >= 0.0 ? n.xy : octWrap( n.xy );
	return n.xy * 0.5 + 0.5;
}
void main() {
	outAlbedo = texture( uAlbedo, vUv );
	outNormal = vec4( encodeOct( normalize( vNormal ) ), uRoughness, 1.0 );
	outIds = uvec2( vObjectId, uMaterialId );
	outDepth = vViewDepth;
}
