// expect-error-line: 4 (glslang: link-time error only, glslangValidator -l)
precision mediump float;
float pong(float x);
float ping(float x) { return x < 0.0 ? 0.0 : pong(x - 1.0); }
float pong(float x) { return ping(x * 0.5); }
void main() {
	gl_FragColor = vec4(ping(3.0));
}
