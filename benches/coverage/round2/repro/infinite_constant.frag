#version 300 es
// class: a constant expression that folds to infinity (`1.0 / 0.0`, `1e40`); glslang accepts it
// prism a097dc3: error[E-PARSE] Float literal is infinite (line 7)
precision highp float;
out vec4 fragColor;
void main() {
    float inf = 1.0 / 0.0;
    fragColor = vec4(min(gl_FragCoord.x, inf));
}
