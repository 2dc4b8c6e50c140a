#version 300 es // expect-error-line: 4
layout(location = 0) in vec3 aPosition;
layout(location = 1) in vec2 aUv;
layout(location = 0) out vec2 vUv;
uniform mat4 uMvp;

void main() {
    vUv = aUv;
    gl_Position = uMvp * vec4(aPosition, 1.0);
}
