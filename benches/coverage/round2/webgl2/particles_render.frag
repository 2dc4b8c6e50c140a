#version 300 es
precision mediump float;
in vec2 vCorner;
in float vT;
uniform vec4 uColors[3];
out vec4 fragColor;

void main() {
    float d = dot(vCorner, vCorner);
    if (d > 1.0) discard;
    vec4 c = vT < 0.5 ? mix(uColors[0], uColors[1], vT * 2.0) : mix(uColors[1], uColors[2], vT * 2.0 - 1.0);
    fragColor = c * (1.0 - d);
}
