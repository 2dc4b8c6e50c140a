#version 300 es
precision lowp float;
out vec4 o;
void main() {
    discard;
}
