#version 300 es
uniform mat4 uViewProj;
uniform mat4 uView;
uniform highp usampler2D uObjectIds;
layout(location = 0) in vec3 aPosition;
layout(location = 1) in vec3 aNormal;
layout(location = 2) in vec2 aUv;
layout(location = 3) in mat4 aModel;
out vec3 vNormal;
out vec2 vUv;
out float vViewDepth;
flat out uint vObjectId;
void main() {
	vec4 wp = aModel * vec4( aPosition, 1.0 );
	vNormal = mat3( aModel ) * aNormal;
	vUv = aUv;
	vViewDepth = -( uView * wp ).z;
	ivec2 sz = textureSize( uObjectIds, 0 );
	vObjectId = texelFetch( uObjectIds, ivec2( gl_InstanceID % sz.x, gl_InstanceID / sz.x ), 0 ).r;
	gl_Position = uViewProj * wp;
}
