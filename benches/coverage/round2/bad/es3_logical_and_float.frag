#version 300 es // expect-error-line: 10
precision mediump float;
in vec2 vUv;
out vec4 fragColor;

void main() {
    fragColor = vec4(vUv, 0.0, 1.0);
    fragColor.a = 1.0 / 0.0 > 1.0 ? 1.0 : 0.0;
    fragColor.b = float(ivec2(vUv) == ivec2(0));
    fragColor.r = float(vUv.x == 0.0 && vUv.y);
}
