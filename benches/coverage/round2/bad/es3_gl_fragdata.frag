#version 300 es // expect-error-line: 6
precision mediump float;
in vec2 vUv;

void main() {
    gl_FragData[0] = vec4(vUv, 0.0, 1.0);
}
