// expect-error-line: 7
precision mediump float;
uniform sampler2D uTex;
varying vec2 vUv;

void main() {
    gl_FragColor = texture2DLod(uTex, vUv, 2.0);
}
