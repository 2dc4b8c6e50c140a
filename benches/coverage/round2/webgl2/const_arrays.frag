#version 300 es
precision highp float;

uniform sampler2D uSrc;
uniform vec2 uDir;
in vec2 vUv;
out vec4 fragColor;

const float weights[5] = float[](0.227027, 0.1945946, 0.1216216, 0.054054, 0.016216);
const vec2 poisson[8] = vec2[8](
    vec2(-0.942, -0.399), vec2(0.945, -0.768), vec2(-0.094, -0.929), vec2(0.344, 0.293),
    vec2(-0.915, 0.457), vec2(-0.815, -0.879), vec2(-0.382, 0.276), vec2(0.974, 0.756));

struct Tap { vec2 offset; float weight; };

float sumWeights(float w[5]) {
    float s = w[0];
    for (int i = 1; i < w.length(); i++) s += 2.0 * w[i];
    return s;
}

void main() {
    vec2 texel = 1.0 / vec2(textureSize(uSrc, 0));
    vec3 result = texture(uSrc, vUv).rgb * weights[0];
    for (int i = 1; i < 5; ++i) {
        result += texture(uSrc, vUv + uDir * texel * float(i)).rgb * weights[i];
        result += texture(uSrc, vUv - uDir * texel * float(i)).rgb * weights[i];
    }
    Tap taps[2] = Tap[2](Tap(vec2(1.0, 0.0), 0.5), Tap(vec2(0.0, 1.0), 0.5));
    vec3 extra = vec3(0.0);
    for (int i = 0; i < poisson.length(); i++) {
        extra += texture(uSrc, vUv + poisson[i] * texel * 2.0).rgb;
    }
    extra += texture(uSrc, vUv + taps[0].offset * texel).rgb * taps[0].weight;
    extra += texture(uSrc, vUv + taps[1].offset * texel).rgb * taps[1].weight;
    float local[5] = weights;
    bool same = local == weights;
    fragColor = vec4(result / sumWeights(local) + extra * 0.01, same ? 1.0 : 0.0);
}
