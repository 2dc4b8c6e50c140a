#version 300 es
uniform mat4 uMvp;
in vec4 aPosition;
in vec3 aColor;
in vec2 aUv;
centroid out vec2 vUv;
smooth out vec3 vColor;
flat out vec3 vFlatColor;
invariant gl_Position;
void main() {
	vUv = aUv;
	vColor = aColor;
	vFlatColor = aColor;
	gl_PointSize = 4.0;
	gl_Position = uMvp * aPosition;
}
