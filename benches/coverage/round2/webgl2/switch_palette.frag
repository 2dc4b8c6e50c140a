#version 300 es
precision mediump float;
precision mediump int;

uniform int uMode;
uniform float uTime;
in vec2 vUv;
out vec4 outColor;

vec3 palette(float t, vec3 a, vec3 b, vec3 c, vec3 d) {
    return a + b * cos(6.28318 * (c * t + d));
}

void main() {
    vec3 col;
    int band = int(floor(vUv.x * 4.0));
    switch (uMode) {
        case 0:
            col = palette(vUv.y + uTime, vec3(0.5), vec3(0.5), vec3(1.0), vec3(0.0, 0.33, 0.67));
            break;
        case 1:
        case 2: {
            float t = uMode == 1 ? vUv.x : vUv.y;
            col = palette(t, vec3(0.5), vec3(0.5), vec3(1.0, 1.0, 0.5), vec3(0.8, 0.9, 0.3));
            break;
        }
        case 3:
            switch (band) {
                case 0: col = vec3(1.0, 0.0, 0.0); break;
                case 1: col = vec3(0.0, 1.0, 0.0); break;
                default: col = vec3(0.0, 0.0, 1.0);
            }
            break;
        default:
            col = vec3(vUv, 0.5);
    }
    int k = 0;
    do {
        col *= 0.98;
        k++;
    } while (k < 4);
    outColor = vec4(col, 1.0);
}
