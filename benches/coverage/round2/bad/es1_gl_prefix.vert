// expect-error-line: 4
attribute vec3 position;
uniform mat4 mvp;
uniform float gl_PointScale;

void main() {
    gl_PointSize = gl_PointScale;
    gl_Position = mvp * vec4(position, 1.0);
}
