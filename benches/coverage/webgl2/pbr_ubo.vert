#version 300 es
layout(std140) uniform Camera {
	mat4 view;
	mat4 projection;
	vec4 position;
} camera;
uniform mat4 uModel;
uniform mat3 uNormalMatrix;
layout(location = 0) in vec3 aPosition;
layout(location = 1) in vec3 aNormal;
layout(location = 2) in vec4 aTangent;
layout(location = 3) in vec2 aUv;
out vec3 vWorldPos;
out vec3 vNormal;
out vec4 vTangent;
out vec2 vUv;
void main() {
	vec4 wp = uModel * vec4( aPosition, 1.0 );
	vWorldPos = wp.xyz;
	vNormal = uNormalMatrix * aNormal;
	vTangent = vec4( uNormalMatrix * aTangent.xyz, aTangent.w );
	vUv = aUv;
	gl_Position = camera.projection * camera.view * wp;
}
