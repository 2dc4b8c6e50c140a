// expect-error-line: 9
attribute vec3 position;
uniform mat4 mvp;

struct Surface {
    vec3 normal;
    vec2 uv;
};
varying Surface vSurf;

void main() {
    gl_Position = mvp * vec4(position, 1.0);
}
