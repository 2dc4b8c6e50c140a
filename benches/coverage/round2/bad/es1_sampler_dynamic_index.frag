// expect-error-line: 8
precision mediump float;
uniform sampler2D uLayers[4];
uniform int uActive;
varying vec2 vUv;

void main() {
    gl_FragColor = texture2D(uLayers[uActive], vUv);
}
