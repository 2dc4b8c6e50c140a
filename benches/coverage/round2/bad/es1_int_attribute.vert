// expect-error-line: 3
attribute vec3 position;
attribute int aBoneIndex;
uniform mat4 uBones[16];
uniform mat4 mvp;

void main() {
    gl_Position = mvp * vec4(position, 1.0);
}
