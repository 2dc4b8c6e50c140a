// expect-error-line: 9
precision mediump float;
uniform sampler2D uTexA;
uniform sampler2D uTexB;
uniform bool uUseB;
varying vec2 vUv;

void main() {
    sampler2D s;
    gl_FragColor = texture2D(uTexA, vUv);
}
