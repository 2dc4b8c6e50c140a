#version 300 es // expect-error-line: 8
precision mediump float;
uniform highp usampler2D uIds;
in vec2 vUv;
out vec4 fragColor;

void main() {
    uint mask = 255;
    uint id = texture(uIds, vUv).r & mask;
    fragColor = vec4(float(id) / 255.0);
}
