#extension GL_OES_standard_derivatives : enable
precision highp float;
uniform sampler2D normalMap;
uniform vec2 normalScale;
uniform sampler2D bumpMap;
uniform float bumpScale;
varying vec3 vViewPosition;
varying vec3 vNormal;
varying vec2 vUv;
vec3 perturbNormal2Arb( vec3 eye_pos, vec3 surf_norm, vec3 mapN, float faceDirection ) {
	vec3 q0 = vec3( dFdx( eye_pos.x ), dFdx( eye_pos.y ), dFdx( eye_pos.z ) );
	vec3 q1 = vec3( dFdy( eye_pos.x ), dFdy( eye_pos.y ), dFdy( eye_pos.z ) );
	vec2 st0 = dFdx( vUv.st );
	vec2 st1 = dFdy( vUv.st );
	vec3 N = surf_norm;
	vec3 q1perp = cross( q1, N );
	vec3 q0perp = cross( N, q0 );
	vec3 T = q1perp * st0.x + q0perp * st1.x;
	vec3 B = q1perp * st0.y + q0perp * st1.y;
	float det = max( dot( T, T ), dot( B, B ) );
	float scale = ( det == 0.0 ) ? 0.0 : faceDirection * inversesqrt( det );
	return normalize( T * ( mapN.x * scale ) + B * ( mapN.y * scale ) + N * mapN.z );
}
vec2 dHdxy_fwd() {
	vec2 dSTdx = dFdx( vUv );
	vec2 dSTdy = dFdy( vUv );
	float Hll = bumpScale * texture2D( bumpMap, vUv ).x;
	float dBx = bumpScale * texture2D( bumpMap, vUv + dSTdx ).x - Hll;
	float dBy = bumpScale * texture2D( bumpMap, vUv + dSTdy ).x - Hll;
	return vec2( dBx, dBy );
}
void main() {
	float faceDirection = gl_FrontFacing ? 1.0 : - 1.0;
	vec3 normal = normalize( vNormal ) * faceDirection;
	vec3 mapN = texture2D( normalMap, vUv ).xyz * 2.0 - 1.0;
	mapN.xy *= normalScale;
	normal = perturbNormal2Arb( - vViewPosition, normal, mapN, faceDirection );
	vec2 dh = dHdxy_fwd();
	gl_FragColor = vec4( normal * 0.5 + 0.5 + vec3( dh, 0.0 ), 1.0 );
}
