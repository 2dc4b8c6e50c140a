#extension GL_EXT_frag_depth : enable
precision highp float;
uniform float logDepthBufFC;
varying float vFragDepth;
varying float vIsPerspective;
uniform vec3 color;
void main() {
	gl_FragDepthEXT = vIsPerspective == 0.0 ? gl_FragCoord.z : log2( vFragDepth ) * logDepthBufFC * 0.5;
	gl_FragColor = vec4( color, 1.0 );
}
