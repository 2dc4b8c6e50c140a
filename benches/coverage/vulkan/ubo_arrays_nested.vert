#version 450
struct Joint { mat4 transform; vec4 scaleAndId; };
struct Node { Joint joints[4]; vec4 misc; };
layout(std140, set = 0, binding = 0) uniform Skeleton { Node nodes[8]; uint nodeCount; } skel;
layout(std430, set = 0, binding = 1) readonly buffer Weights { vec4 weights[]; } w;
layout(location = 0) in vec3 inPos;
layout(location = 1) in uvec4 inJoints;
layout(location = 0) out vec3 outPos;
void main() {
	vec4 wt = w.weights[gl_VertexIndex];
	uint n = uint(gl_InstanceIndex) % skel.nodeCount;
	mat4 m = skel.nodes[n].joints[inJoints.x & 3u].transform * wt.x
	       + skel.nodes[n].joints[inJoints.y & 3u].transform * wt.y
	       + skel.nodes[n].joints[inJoints.z & 3u].transform * wt.z
	       + skel.nodes[n].joints[inJoints.w & 3u].transform * wt.w;
	outPos = (m * vec4(inPos, 1.0)).xyz;
	gl_Position = vec4(outPos, 1.0);
}
