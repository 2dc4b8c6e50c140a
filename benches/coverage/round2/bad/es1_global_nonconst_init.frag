// expect-error-line: 5
precision mediump float;
uniform float uExposure;
varying vec2 vUv;
float gExposure = uExposure * 2.0;

void main() {
    gl_FragColor = vec4(vUv * gExposure, 0.0, 1.0);
}
