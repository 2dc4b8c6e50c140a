// expect-error-line: 5
precision mediump float;
varying vec2 vUv;
void main() {
	vUv = vUv * 2.0;
	gl_FragColor = vec4(vUv, 0.0, 1.0);
}
