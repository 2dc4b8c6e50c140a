#version 300 es
precision highp float;
uniform vec3 uSunDir;
uniform float uRayleigh;
uniform float uMie;
in vec3 vDir;
out vec4 fragColor;
const vec3 betaR = vec3( 5.5e-6, 13.0e-6, 22.4e-6 );
const float betaM = 21e-6;
const float earthR = 6360e3;
const float atmoR = 6420e3;
float raySphere( vec3 ro, vec3 rd, float r ) {
	float b = dot( ro, rd );
	float c = dot( ro, ro ) - r * r;
	float d = b * b - c;
	return d < 0.0 ? -1.0 : -b + sqrt( d );
}
void main() {
	vec3 rd = normalize( vDir );
	vec3 ro = vec3( 0.0, earthR + 1.0, 0.0 );
	float tmax = raySphere( ro, rd, atmoR );
	const int N = 16;
	float seg = tmax / float( N );
	float mu = dot( rd, uSunDir );
	float phaseR = 3.0 / ( 16.0 * 3.14159 ) * ( 1.0 + mu * mu );
	float g = 0.76;
	float phaseM = 3.0 / ( 8.0 * 3.14159 ) * ( ( 1.0 - g * g ) * ( 1.0 + mu * mu ) ) / ( ( 2.0 + g * g ) * pow( 1.0 + g * g - 2.0 * g * mu, 1.5 ) );
	vec3 sumR = vec3( 0.0 ), sumM = vec3( 0.0 );
	float odR = 0.0, odM = 0.0;
	for ( int i = 0; i < N; ++i ) {
		vec3 p = ro + rd * ( seg * ( float( i ) + 0.5 ) );
		float h = length( p ) - earthR;
		float hr = exp( -h / 7994.0 ) * seg;
		float hm = exp( -h / 1200.0 ) * seg;
		odR += hr; odM += hm;
		vec3 tau = betaR * uRayleigh * odR + betaM * uMie * 1.1 * odM;
		vec3 att = exp( -tau );
		sumR += att * hr;
		sumM += att * hm;
	}
	vec3 col = 20.0 * ( sumR * betaR * phaseR + sumM * betaM * phaseM );
	fragColor = vec4( col, 1.0 );
}
