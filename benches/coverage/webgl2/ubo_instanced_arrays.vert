#version 300 es
#define MAX_INSTANCES 128
precision highp float;
struct InstanceData { mat4 model; vec4 color; vec4 uvRect; };
layout(std140) uniform Instances { InstanceData instances[ MAX_INSTANCES ]; };
layout(std140) uniform View { mat4 viewProj; } view;
layout(location = 0) in vec3 aPos;
layout(location = 1) in vec2 aUv;
out vec4 vColor;
out vec2 vUv;
void main() {
	InstanceData d = instances[ gl_InstanceID ];
	vColor = d.color;
	vUv = d.uvRect.xy + aUv * d.uvRect.zw;
	gl_Position = view.viewProj * d.model * vec4( aPos, 1.0 );
}
