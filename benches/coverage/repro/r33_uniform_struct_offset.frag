precision mediump float;
struct B { vec2 y; };
uniform float f;
uniform B b0;
void main() { gl_FragColor = vec4(b0.y, f, 1.0); }
