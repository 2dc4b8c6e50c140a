// expect-error-line: 9
attribute vec3 position;
attribute float aIndex;
uniform mat4 mvp;
varying float vColumn;

void main() {
    int idx = int(aIndex);
    vColumn = float(idx % 4);
    gl_Position = mvp * vec4(position, 1.0);
}
