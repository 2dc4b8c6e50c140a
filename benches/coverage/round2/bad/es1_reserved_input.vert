// expect-error-line: 7
attribute vec3 position;
uniform mat4 mvp;
varying vec3 vPos;

void main() {
    vec3 input = position * 2.0;
    vPos = input;
    gl_Position = mvp * vec4(position, 1.0);
}
