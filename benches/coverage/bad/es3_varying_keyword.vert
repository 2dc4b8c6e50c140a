#version 300 es // expect-error-line: 3
in vec4 position;
varying vec2 vUv;
void main() {
	vUv = position.xy;
	gl_Position = position;
}
