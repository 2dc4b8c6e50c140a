#version 450
layout(depth_greater) out float gl_FragDepth;
layout(location = 0) out vec4 outColor;
void main() {
	gl_FragDepth = gl_FragCoord.z + 0.01;
	outColor = vec4(1.0);
}
