#version 300 es // expect-error-line: 7
precision mediump float;
in vec2 vUv;
out vec4 fragColor;

float vignette(vec2 uv) {
    if (uv.x < 0.0) return;
    return 1.0 - dot(uv - 0.5, uv - 0.5);
}

void main() {
    fragColor = vec4(vec3(vignette(vUv)), 1.0);
}
