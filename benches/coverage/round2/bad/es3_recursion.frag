#version 300 es // expect-error-line: 8
precision highp float;
in vec2 vUv;
out vec4 fragColor;

int depthOf(int n) {
    if (n <= 0) return 0;
    return 1 + depthOf(n / 2);
}

void main() {
    fragColor = vec4(float(depthOf(int(vUv.x * 64.0))) / 6.0);
}
