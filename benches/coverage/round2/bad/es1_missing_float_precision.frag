// expect-error-line: 6
uniform sampler2D uTex;
varying mediump vec2 vUv;

void main() {
    float fade = 0.5;
    gl_FragColor = texture2D(uTex, vUv) * fade;
}
