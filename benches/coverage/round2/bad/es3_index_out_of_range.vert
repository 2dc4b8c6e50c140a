#version 300 es // expect-error-line: 6
layout(location = 0) in vec3 aPosition;
uniform mat4 uCascades[4];

void main() {
    gl_Position = uCascades[4] * vec4(aPosition, 1.0);
}
