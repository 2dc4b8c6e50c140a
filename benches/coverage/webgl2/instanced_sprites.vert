#version 300 es
layout(std140) uniform Frame { mat4 uViewProj; vec4 uCameraRight; vec4 uCameraUp; float uTime; };
layout(location = 0) in vec2 aCorner;
layout(location = 1) in vec4 iPosSize;
layout(location = 2) in vec4 iColor;
layout(location = 3) in uint iFrame;
out vec2 vUv;
out vec4 vColor;
flat out uint vFrame;
void main() {
	vec3 p = iPosSize.xyz + ( uCameraRight.xyz * aCorner.x + uCameraUp.xyz * aCorner.y ) * iPosSize.w;
	vUv = aCorner * 0.5 + 0.5;
	vColor = iColor;
	vFrame = iFrame + uint( uTime * 12.0 );
	gl_Position = uViewProj * vec4( p, 1.0 );
}
