// expect-error-line: 3
attribute vec3 position;
attribute bool aSelected;
uniform mat4 mvp;
varying float vSel;

void main() {
    vSel = 1.0;
    gl_Position = mvp * vec4(position, 1.0);
}
