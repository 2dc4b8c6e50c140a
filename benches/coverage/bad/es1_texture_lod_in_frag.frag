// expect-error-line: 6
precision mediump float;
uniform sampler2D tex;
varying vec2 vUv;
void main() {
	gl_FragColor = texture2DLod(tex, vUv, 0.0);
}
