// expect-error-line: 11
precision mediump float;
uniform sampler2D uTex;
varying vec2 vUv;

float luma(vec3 c) {
    return dot(c, vec3(0.299, 0.587, 0.114));
}

void main() {
    vec4 __texel = texture2D(uTex, vUv);
    gl_FragColor = vec4(vec3(luma(__texel.rgb)), 1.0);
}
