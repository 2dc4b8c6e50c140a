#version 300 es // expect-error-line: 4
layout(location = 0) in vec3 aPosition;
uniform mat4 uMvp;
flat out bool vVisible;

void main() {
    vVisible = aPosition.y > 0.0;
    gl_Position = uMvp * vec4(aPosition, 1.0);
}
