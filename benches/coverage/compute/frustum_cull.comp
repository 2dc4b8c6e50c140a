#version 450
layout(local_size_x = 64) in;
struct DrawCommand { uint indexCount; uint instanceCount; uint firstIndex; int vertexOffset; uint firstInstance; };
struct ObjectData { vec4 sphere; uint meshIndex; uint pad0, pad1, pad2; };
layout(std430, set = 0, binding = 0) readonly buffer Objects { ObjectData objects[]; };
layout(std430, set = 0, binding = 1) writeonly buffer Draws { DrawCommand draws[]; };
layout(std430, set = 0, binding = 2) buffer Counter { uint drawCount; };
layout(std430, set = 0, binding = 3) readonly buffer Meshes { uvec4 meshInfo[]; };
layout(set = 0, binding = 4) uniform Frustum { vec4 planes[6]; uint objectCount; } frustum;
bool visible(vec4 s) {
	for (int i = 0; i < 6; ++i) if (dot(frustum.planes[i].xyz, s.xyz) + frustum.planes[i].w < -s.w) return false;
	return true;
}
void main() {
	uint id = gl_GlobalInvocationID.x;
	if (id >= frustum.objectCount) return;
	ObjectData o = objects[id];
	if (!visible(o.sphere)) return;
	uint slot = atomicAdd(drawCount, 1u);
	uvec4 mi = meshInfo[o.meshIndex];
	draws[slot] = DrawCommand(mi.x, 1u, mi.y, int(mi.z), id);
}
