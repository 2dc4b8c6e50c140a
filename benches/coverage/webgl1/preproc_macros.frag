#ifdef GL_FRAGMENT_PRECISION_HIGH
precision highp float;
#else
precision mediump float;
#endif
#define QUALITY 2
#define TAP(o) texture2D( tex, vUv + ( o ) * texel )
#define SUM4(a, b, c, d) ( TAP(a) + TAP(b) + TAP(c) + TAP(d) )
#if defined( QUALITY ) && QUALITY > 1
#define SAMPLES 8
#elif QUALITY == 1
#define SAMPLES 4
#else
#define SAMPLES 1
#endif
#undef QUALITY
uniform sampler2D tex;
uniform vec2 texel;
varying vec2 vUv;
void main() {
	vec4 c = SUM4( vec2( -1.0, 0.0 ), vec2( 1.0, 0.0 ), vec2( 0.0, -1.0 ), vec2( 0.0, 1.0 ) );
#if SAMPLES >= 8
	c += SUM4( vec2( -1.0 ), vec2( 1.0 ), vec2( -1.0, 1.0 ), vec2( 1.0, -1.0 ) );
#endif
	float v = float( __VERSION__ ) * 0.0 + float( __LINE__ ) * 0.0;
#ifdef GL_ES
	v += 0.0;
#endif
	gl_FragColor = c / float( SAMPLES ) + v;
}
