precision mediump float;
struct M { vec3 color; mat2 rot; };
uniform M m;
varying vec2 vUv;
void main() {
	gl_FragColor = vec4(m.color * (m.rot * vUv).x, 1.0);
}
