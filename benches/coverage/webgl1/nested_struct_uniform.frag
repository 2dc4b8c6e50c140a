precision mediump float;
struct Attenuation { float constant; float linear; float quadratic; };
struct Light { vec3 position; vec3 color; Attenuation att; bool enabled; };
struct Material { vec3 ambient; vec3 diffuse; vec3 specular; float shininess; mat2 uvRot; };
uniform Light lights[3];
uniform Material material;
varying vec3 vPos;
varying vec3 vNormal;
varying vec2 vUv;
uniform sampler2D tex;
vec3 shade( Light l, vec3 n, vec3 v ) {
	if ( !l.enabled ) return vec3( 0.0 );
	vec3 L = l.position - vPos;
	float d = length( L );
	L /= d;
	float a = 1.0 / ( l.att.constant + l.att.linear * d + l.att.quadratic * d * d );
	vec3 h = normalize( L + v );
	float diff = max( dot( n, L ), 0.0 );
	float spec = pow( max( dot( n, h ), 0.0 ), material.shininess );
	return ( material.diffuse * diff + material.specular * spec ) * l.color * a;
}
void main() {
	vec3 n = normalize( vNormal );
	vec3 v = normalize( -vPos );
	vec3 c = material.ambient;
	for ( int i = 0; i < 3; i++ ) c += shade( lights[ i ], n, v );
	vec2 uv = material.uvRot * ( vUv - 0.5 ) + 0.5;
	gl_FragColor = vec4( c, 1.0 ) * texture2D( tex, uv );
}
