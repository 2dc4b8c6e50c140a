precision mediump float;
uniform sampler2D maps[2];
varying vec2 vUv;
void main() {
	vec4 c = vec4(0.0);
	for (int i = 0; i < 2; i++) c += texture2D(maps[i], vUv);
	gl_FragColor = c;
}
