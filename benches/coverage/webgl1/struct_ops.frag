precision mediump float;
struct Ray { vec3 origin; vec3 dir; };
struct Hit { float t; vec3 normal; int id; };
struct Sphere { vec3 center; float radius; };
uniform Sphere spheres[3];
uniform vec3 camPos;
varying vec2 vUv;
Hit noHit() { return Hit( 1e9, vec3( 0.0 ), -1 ); }
void intersect( in Ray r, in Sphere s, int id, inout Hit best ) {
	vec3 oc = r.origin - s.center;
	float b = dot( oc, r.dir );
	float c = dot( oc, oc ) - s.radius * s.radius;
	float h = b * b - c;
	if ( h < 0.0 ) return;
	float t = -b - sqrt( h );
	if ( t > 0.0 && t < best.t ) {
		best.t = t;
		best.normal = normalize( r.origin + r.dir * t - s.center );
		best.id = id;
	}
}
void main() {
	Ray r = Ray( camPos, normalize( vec3( vUv * 2.0 - 1.0, -1.0 ) ) );
	Hit h = noHit();
	Hit first = h;
	for ( int i = 0; i < 3; i++ ) intersect( r, spheres[ i ], i, h );
	Sphere tmp = spheres[ 0 ];
	bool same = ( tmp == spheres[ 0 ] );
	vec3 col = h.id < 0 ? vec3( 0.1 ) : h.normal * 0.5 + 0.5;
	if ( h == first ) col *= 0.5;
	gl_FragColor = vec4( col * ( same ? 1.0 : 0.0 ), 1.0 );
}
