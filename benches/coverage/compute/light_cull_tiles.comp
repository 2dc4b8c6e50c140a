#version 450
#define TILE_SIZE 16
#define MAX_LIGHTS_PER_TILE 64
layout(local_size_x = TILE_SIZE, local_size_y = TILE_SIZE) in;
struct Light { vec4 posRadius; vec4 color; };
layout(std430, binding = 0) readonly buffer Lights { uint lightCount; Light lights[]; };
layout(std430, binding = 1) writeonly buffer TileLights { uint tileData[]; };
layout(binding = 2) uniform sampler2D depthTex;
layout(push_constant) uniform PC { mat4 view; mat4 invProj; uvec2 tiles; } pc;
shared uint minZ;
shared uint maxZ;
shared uint tileCount;
shared uint tileIndices[MAX_LIGHTS_PER_TILE];
void main() {
	if (gl_LocalInvocationIndex == 0u) { minZ = 0x7F7FFFFFu; maxZ = 0u; tileCount = 0u; }
	barrier();
	float d = texelFetch(depthTex, ivec2(gl_GlobalInvocationID.xy), 0).r;
	vec4 vp = pc.invProj * vec4(0.0, 0.0, d, 1.0);
	float z = -vp.z / vp.w;
	atomicMin(minZ, floatBitsToUint(z));
	atomicMax(maxZ, floatBitsToUint(z));
	barrier();
	float zn = uintBitsToFloat(minZ), zf = uintBitsToFloat(maxZ);
	for (uint i = gl_LocalInvocationIndex; i < lightCount; i += TILE_SIZE * TILE_SIZE) {
		vec3 p = (pc.view * vec4(lights[i].posRadius.xyz, 1.0)).xyz;
		float r = lights[i].posRadius.w;
		if (-p.z + r > zn && -p.z - r < zf) {
			uint slot = atomicAdd(tileCount, 1u);
			if (slot < MAX_LIGHTS_PER_TILE) tileIndices[slot] = i;
		}
	}
	barrier();
	uint tile = gl_WorkGroupID.y * pc.tiles.x + gl_WorkGroupID.x;
	uint base = tile * (MAX_LIGHTS_PER_TILE + 1);
	uint n = min(tileCount, uint(MAX_LIGHTS_PER_TILE));
	if (gl_LocalInvocationIndex == 0u) tileData[base] = n;
	for (uint i = gl_LocalInvocationIndex; i < n; i += TILE_SIZE * TILE_SIZE) tileData[base + 1u + i] = tileIndices[i];
}
