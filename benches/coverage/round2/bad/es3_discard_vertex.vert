#version 300 es // expect-error-line: 6
layout(location = 0) in vec3 aPosition;
uniform mat4 uMvp;

void main() {
    if (aPosition.y < 0.0) discard;
    gl_Position = uMvp * vec4(aPosition, 1.0);
}
