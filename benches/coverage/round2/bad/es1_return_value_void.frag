// expect-error-line: 7
precision mediump float;
varying vec2 vUv;

void applyGamma(inout vec3 c) {
    c = pow(c, vec3(1.0 / 2.2));
    return c;
}

void main() {
    vec3 c = vec3(vUv, 0.5);
    applyGamma(c);
    gl_FragColor = vec4(c, 1.0);
}
