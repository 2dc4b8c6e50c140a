#version 450
layout(local_size_x_id = 0, local_size_y_id = 1, local_size_z = 1) in;
layout(constant_id = 2) const float SCALE = 1.0;
layout(set = 0, binding = 0, rgba8) uniform image2D img;
void main() {
	ivec2 p = ivec2(gl_GlobalInvocationID.xy);
	if (any(greaterThanEqual(p, imageSize(img)))) return;
	vec4 c = imageLoad(img, p);
	uvec3 wg = gl_WorkGroupSize;
	float checker = float(((gl_WorkGroupID.x + gl_WorkGroupID.y) & 1u));
	imageStore(img, p, vec4(c.rgb * SCALE * (0.75 + 0.25 * checker), float(wg.x * wg.y) / 1024.0));
}
