// expect-error-line: 6
attribute vec3 position;
uniform mat4 mvp;

void main() {
    long index = 0;
    gl_Position = mvp * vec4(position, 1.0);
}
