#extension GL_OES_standard_derivatives : enable
precision mediump float;
uniform sampler2D uGlyphs;
uniform vec4 uColor;
uniform vec4 uOutlineColor;
uniform float uOutline;
uniform lowp float uGamma;
varying vec2 vUv;
void main() {
	float dist = texture2D( uGlyphs, vUv ).a;
	float w = fwidth( dist ) * uGamma;
	float alpha = smoothstep( 0.5 - w, 0.5 + w, dist );
	float outline = smoothstep( 0.5 - uOutline - w, 0.5 - uOutline + w, dist );
	vec4 col = mix( uOutlineColor, uColor, alpha );
	col.a *= outline;
	if ( col.a < 0.003 ) discard;
	gl_FragColor = col;
}
