// expect-error-line: 8
precision mediump float;
uniform int uMode;
varying vec2 vUv;

void main() {
    vec3 c = vec3(vUv, 0.0);
    switch (uMode) {
        case 1: c = c.bgr; break;
        default: break;
    }
    gl_FragColor = vec4(c, 1.0);
}
