// expect-error-line: 7
precision mediump float;
uniform sampler2D maps[4];
uniform int which;
varying vec2 vUv;
void main() {
	gl_FragColor = texture2D(maps[which], vUv);
}
