// expect-error-line: 2
#extension GL_WEBGL_imaginary_feature : require
precision mediump float;
varying vec2 vUv;

void main() {
    gl_FragColor = vec4(vUv, 0.0, 1.0);
}
