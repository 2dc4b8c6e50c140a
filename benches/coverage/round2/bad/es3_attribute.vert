#version 300 es // expect-error-line: 3
precision highp float;
attribute vec3 position;
uniform mat4 mvp;

void main() {
    gl_Position = mvp * vec4(position, 1.0);
}
