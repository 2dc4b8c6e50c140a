#version 300 es // expect-error-line: 7
uniform sampler2D uTex;
in mediump vec2 vUv;
out mediump vec4 fragColor;

void main() {
    float k = 0.5;
    fragColor = texture(uTex, vUv) * k;
}
