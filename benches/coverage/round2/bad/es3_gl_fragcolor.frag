#version 300 es // expect-error-line: 7
precision mediump float;
uniform sampler2D uTex;
in vec2 vUv;

void main() {
    gl_FragColor = texture(uTex, vUv);
}
