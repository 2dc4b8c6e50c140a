#extension GL_EXT_shader_texture_lod : enable
#extension GL_OES_standard_derivatives : enable
precision highp float;
uniform samplerCube envMap;
uniform float flipEnvMap;
uniform float reflectivity;
uniform float maxMipLevel;
uniform float roughness;
varying vec3 vWorldPosition;
varying vec3 vNormal;
uniform vec3 cameraPosition;
float getSpecularMIPLevel( const in float r, const in float maxMIPLevelScalar ) {
	float sigma = 3.141592653589793 * r * r / ( 1.0 + r );
	float desiredMIPLevel = maxMIPLevelScalar + log2( sigma );
	return clamp( desiredMIPLevel, 0.0, maxMIPLevelScalar );
}
void main() {
	vec3 cameraToFrag = normalize( vWorldPosition - cameraPosition );
	vec3 worldNormal = normalize( vNormal );
	vec3 reflectVec = reflect( cameraToFrag, worldNormal );
	float specularMIPLevel = getSpecularMIPLevel( roughness, maxMipLevel );
#ifdef GL_EXT_shader_texture_lod
	vec4 envColor = textureCubeLodEXT( envMap, vec3( flipEnvMap * reflectVec.x, reflectVec.yz ), specularMIPLevel );
#else
	vec4 envColor = textureCube( envMap, vec3( flipEnvMap * reflectVec.x, reflectVec.yz ), specularMIPLevel );
#endif
	float w = fwidth( vWorldPosition.x );
	gl_FragColor = vec4( envColor.rgb * reflectivity + vec3( w * 0.0 ), 1.0 );
}
