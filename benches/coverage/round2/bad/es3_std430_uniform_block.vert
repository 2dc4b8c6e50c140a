#version 300 es // expect-error-line: 3
layout(location = 0) in vec3 aPosition;
layout(std430) uniform Transforms {
    mat4 mvp;
};

void main() {
    gl_Position = mvp * vec4(aPosition, 1.0);
}
