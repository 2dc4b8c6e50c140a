#version 450
layout(location = 0) in vec2 aUV;
layout(location = 0) out struct { vec4 Color; vec2 UV; } Out;
void main() {
	Out.Color = vec4(1.0);
	Out.UV = aUV;
	gl_Position = vec4(aUV, 0.0, 1.0);
}
