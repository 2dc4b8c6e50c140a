precision mediump float;
uniform float weights[4];
varying vec2 vUv;
void main() {
	gl_FragColor = vec4(weights[0] + weights[3]);
}
