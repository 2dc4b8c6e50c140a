// expect-error-line: 6
precision mediump float;
uniform vec4 uColors[4];

void main() {
    int n = sizeof(uColors);
    gl_FragColor = uColors[0];
}
