// expect-error-line: 7
precision mediump float;
varying vec2 vUv;

float fib(float n) {
    if (n < 2.0) return n;
    return fib(n - 1.0) + fib(n - 2.0);
}

void main() {
    gl_FragColor = vec4(vec3(fib(vUv.x * 8.0)) / 21.0, 1.0);
}
