#version 300 es
precision mediump float;
precision mediump sampler2D;
in highp vec2 vUv;
in highp vec2 vL;
in highp vec2 vR;
in highp vec2 vT;
in highp vec2 vB;
uniform sampler2D uPressure;
uniform sampler2D uDivergence;
out vec4 fragColor;
void main() {
	float L = texture( uPressure, vL ).x;
	float R = texture( uPressure, vR ).x;
	float T = texture( uPressure, vT ).x;
	float B = texture( uPressure, vB ).x;
	float divergence = texture( uDivergence, vUv ).x;
	float pressure = ( L + R + B + T - divergence ) * 0.25;
	fragColor = vec4( pressure, 0.0, 0.0, 1.0 );
}
