// expect-error-line: 4
attribute vec3 position;
uniform mat4 mvp;
out vec3 vPos;

void main() {
    vPos = position;
    gl_Position = mvp * vec4(position, 1.0);
}
