#version 300 es // expect-error-line: 5
layout(location = 0) in vec3 aPosition;
layout(location = 1) in uint aId;
uniform mat4 uMvp;
out uint vId;

void main() {
    vId = aId;
    gl_Position = uMvp * vec4(aPosition, 1.0);
}
