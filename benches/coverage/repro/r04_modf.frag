#version 300 es
precision highp float;
in vec2 vUv;
out vec4 o;
void main() {
	vec2 ip;
	vec2 fp = modf(vUv * 4.0, ip);
	o = vec4(fp, ip * 0.25);
}
