// expect-error-line: 4
// must-fail class: `#extension NAME : require` for an extension the implementation lacks;
// prism a097dc3 accepts it
#extension GL_WEBGL_imaginary_feature : require
precision mediump float;
void main() { gl_FragColor = vec4(1.0); }
