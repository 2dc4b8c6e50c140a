// expect-error-line: 5
// must-fail class: a precision qualifier on `void` (a function's return type); prism a097dc3 accepts it
precision mediump float;
varying vec2 vUv;
mediump void shade(inout vec4 c) { c.rgb *= 0.5; }
void main() { vec4 c = vec4(vUv, 0.0, 1.0); shade(c); gl_FragColor = c; }
