// expect-error-line: 6
// must-fail class (ES 1.00 and ES 3.00): a fragment shader that uses `float` with no default
// float precision; browsers reject it ("No precision specified for (float)"); prism a097dc3 accepts it
uniform sampler2D uTex;
void main() {
    float k = 0.5;
    gl_FragColor = texture2D(uTex, vec2(k)) * k;
}
