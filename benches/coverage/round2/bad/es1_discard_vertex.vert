// expect-error-line: 7
attribute vec3 position;
attribute float aVisible;
uniform mat4 mvp;

void main() {
    if (aVisible < 0.5) discard;
    gl_Position = mvp * vec4(position, 1.0);
}
