#version 100
precision mediump float;

uniform sampler2D uImage;
uniform vec2 uTexel;
uniform float uKernel[9];
uniform mediump float uStrength;
varying vec2 vUv;

void fillOffsets(out vec2 offs[9]) {
    for (int y = 0; y < 3; y++) {
        for (int x = 0; x < 3; x++) {
            offs[y * 3 + x] = vec2(float(x - 1), float(y - 1)) * uTexel;
        }
    }
}

float kernelSum(const in float k[9]) {
    float s = 0.0;
    for (int i = 0; i < 9; i++) s += k[i];
    return s;
}

vec3 convolve(const in float k[9], const in vec2 offs[9]) {
    vec3 acc = vec3(0.0);
    for (int i = 0; i < 9; i++) {
        acc += texture2D(uImage, vUv + offs[i]).rgb * k[i];
    }
    return acc;
}

void main() {
    vec2 offs[9];
    fillOffsets(offs);
    float local[9];
    for (int i = 0; i < 9; i++) local[i] = uKernel[i];
    float sum = kernelSum(local);
    vec3 c = convolve(local, offs) / (sum == 0.0 ? 1.0 : sum);
    vec3 base = texture2D(uImage, vUv).rgb;
    gl_FragColor = vec4(mix(base, c, uStrength), 1.0);
}
