// expect-error-line: 6
attribute vec3 position;
uniform mat4 uBones[4];

void main() {
    mat4 m = uBones[4];
    gl_Position = m * vec4(position, 1.0);
}
