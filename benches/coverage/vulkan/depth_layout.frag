#version 450
layout(depth_greater) out float gl_FragDepth;
layout(location = 0) in float inOffset;
layout(location = 0) out vec4 outColor;
void main() {
	gl_FragDepth = gl_FragCoord.z + abs(inOffset);
	outColor = vec4(1.0);
}
