#version 300 es // expect-error-line: 9
precision mediump float;
uniform int uMode;
in vec2 vUv;
out vec4 fragColor;

void main() {
    vec3 c = vec3(vUv, 0.0);
    switch (uMode) {
        case 0:
            c = c.bgr;
            break;
        case 1:
    }
    fragColor = vec4(c, 1.0);
}
