#extension GL_EXT_frag_depth : enable
precision highp float;

uniform float logDepthBufFC;
uniform vec3 uColor;
varying float vFragDepth;
varying float vIsPerspective;

void main() {
    gl_FragColor = vec4(uColor, 1.0);
#if defined(GL_EXT_frag_depth)
    gl_FragDepthEXT = vIsPerspective == 0.0 ? gl_FragCoord.z : log2(vFragDepth) * logDepthBufFC * 0.5;
#endif
}
