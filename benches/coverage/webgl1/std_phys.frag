#extension GL_OES_standard_derivatives : enable
precision highp float;
precision highp int;
#define PI 3.141592653589793
#define RECIPROCAL_PI 0.3183098861837907
#define NUM_DIR_LIGHTS 2
#define NUM_POINT_LIGHTS 3
#define saturate(a) clamp( a, 0.0, 1.0 )
#define pow2(x) ((x)*(x))
uniform vec3 diffuse;
uniform float roughness;
uniform float metalness;
uniform float opacity;
uniform vec3 ambientLightColor;
varying vec3 vViewPosition;
varying vec3 vNormal;
varying vec2 vUv;
struct IncidentLight { vec3 color; vec3 direction; bool visible; };
struct ReflectedLight { vec3 directDiffuse; vec3 directSpecular; vec3 indirectDiffuse; vec3 indirectSpecular; };
struct GeometricContext { vec3 position; vec3 normal; vec3 viewDir; };
struct PhysicalMaterial { vec3 diffuseColor; float roughness; vec3 specularColor; };
struct DirectionalLight { vec3 direction; vec3 color; };
uniform DirectionalLight directionalLights[ NUM_DIR_LIGHTS ];
struct PointLight { vec3 position; vec3 color; float distance; float decay; };
uniform PointLight pointLights[ NUM_POINT_LIGHTS ];
float getDistanceAttenuation( const in float lightDistance, const in float cutoffDistance, const in float decayExponent ) {
	if ( cutoffDistance > 0.0 && decayExponent > 0.0 ) {
		return pow( saturate( - lightDistance / cutoffDistance + 1.0 ), decayExponent );
	}
	return 1.0;
}
vec3 F_Schlick( const in vec3 f0, const in float f90, const in float dotVH ) {
	float fresnel = exp2( ( - 5.55473 * dotVH - 6.98316 ) * dotVH );
	return f0 * ( 1.0 - fresnel ) + ( f90 * fresnel );
}
float V_GGX_SmithCorrelated( const in float alpha, const in float dotNL, const in float dotNV ) {
	float a2 = pow2( alpha );
	float gv = dotNL * sqrt( a2 + ( 1.0 - a2 ) * pow2( dotNV ) );
	float gl = dotNV * sqrt( a2 + ( 1.0 - a2 ) * pow2( dotNL ) );
	return 0.5 / max( gv + gl, 1e-6 );
}
float D_GGX( const in float alpha, const in float dotNH ) {
	float a2 = pow2( alpha );
	float denom = pow2( dotNH ) * ( a2 - 1.0 ) + 1.0;
	return RECIPROCAL_PI * a2 / pow2( denom );
}
vec3 BRDF_GGX( const in vec3 lightDir, const in vec3 viewDir, const in vec3 normal, const in vec3 f0, const in float r ) {
	float alpha = pow2( r );
	vec3 halfDir = normalize( lightDir + viewDir );
	float dotNL = saturate( dot( normal, lightDir ) );
	float dotNV = saturate( dot( normal, viewDir ) );
	float dotNH = saturate( dot( normal, halfDir ) );
	float dotVH = saturate( dot( viewDir, halfDir ) );
	vec3 F = F_Schlick( f0, 1.0, dotVH );
	return F * ( V_GGX_SmithCorrelated( alpha, dotNL, dotNV ) * D_GGX( alpha, dotNH ) );
}
void RE_Direct( const in IncidentLight directLight, const in GeometricContext geometry, const in PhysicalMaterial material, inout ReflectedLight reflectedLight ) {
	float dotNL = saturate( dot( geometry.normal, directLight.direction ) );
	vec3 irradiance = dotNL * directLight.color;
	reflectedLight.directSpecular += irradiance * BRDF_GGX( directLight.direction, geometry.viewDir, geometry.normal, material.specularColor, material.roughness );
	reflectedLight.directDiffuse += irradiance * RECIPROCAL_PI * material.diffuseColor;
}
void main() {
	vec4 diffuseColor = vec4( diffuse, opacity );
	vec3 fdx = dFdx( vViewPosition );
	vec3 fdy = dFdy( vViewPosition );
	vec3 normal = normalize( cross( fdx, fdy ) );
	normal = normalize( vNormal ) * ( gl_FrontFacing ? 1.0 : - 1.0 ) + normal * 0.0;
	float geometryRoughness = max( max( abs( fdx.x ), abs( fdy.y ) ), abs( fdx.z ) );
	PhysicalMaterial material;
	material.diffuseColor = diffuseColor.rgb * ( 1.0 - metalness );
	material.roughness = min( max( roughness, 0.0525 ) + geometryRoughness, 1.0 );
	material.specularColor = mix( vec3( 0.04 ), diffuseColor.rgb, metalness );
	GeometricContext geometry;
	geometry.position = - vViewPosition;
	geometry.normal = normal;
	geometry.viewDir = normalize( vViewPosition );
	ReflectedLight reflectedLight = ReflectedLight( vec3( 0.0 ), vec3( 0.0 ), vec3( 0.0 ), vec3( 0.0 ) );
	IncidentLight directLight;
	for ( int i = 0; i < NUM_POINT_LIGHTS; i ++ ) {
		PointLight pointLight = pointLights[ i ];
		vec3 lVector = pointLight.position - geometry.position;
		directLight.direction = normalize( lVector );
		float lightDistance = length( lVector );
		directLight.color = pointLight.color * getDistanceAttenuation( lightDistance, pointLight.distance, pointLight.decay );
		directLight.visible = ( directLight.color != vec3( 0.0 ) );
		RE_Direct( directLight, geometry, material, reflectedLight );
	}
	for ( int i = 0; i < NUM_DIR_LIGHTS; i ++ ) {
		directLight.color = directionalLights[ i ].color;
		directLight.direction = directionalLights[ i ].direction;
		directLight.visible = true;
		RE_Direct( directLight, geometry, material, reflectedLight );
	}
	reflectedLight.indirectDiffuse += ambientLightColor * RECIPROCAL_PI * material.diffuseColor;
	vec3 outgoingLight = reflectedLight.directDiffuse + reflectedLight.directSpecular + reflectedLight.indirectDiffuse;
	gl_FragColor = vec4( outgoingLight, diffuseColor.a );
}
