#version 450
layout(early_fragment_tests) in;
struct Node { vec4 color; float depth; uint next; };
layout(set = 0, binding = 0, r32ui) uniform coherent uimage2D headIndexImage;
layout(set = 0, binding = 1, std430) buffer LinkedList { uint nodeCount; uint maxNodes; Node nodes[]; };
layout(location = 0) in vec4 inColor;
void main() {
	uint nodeIdx = atomicAdd(nodeCount, 1u);
	if (nodeIdx < maxNodes) {
		uint prevHead = imageAtomicExchange(headIndexImage, ivec2(gl_FragCoord.xy), nodeIdx);
		nodes[nodeIdx].color = inColor;
		nodes[nodeIdx].depth = gl_FragCoord.z;
		nodes[nodeIdx].next = prevHead;
	}
}
