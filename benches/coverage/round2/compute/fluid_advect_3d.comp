#version 450

layout(local_size_x = 4, local_size_y = 4, local_size_z = 4) in;

layout(set = 0, binding = 0) uniform sampler3D velocityIn;
layout(set = 0, binding = 1) uniform sampler3D densityIn;
layout(set = 0, binding = 2, rgba16f) uniform writeonly image3D velocityOut;
layout(set = 0, binding = 3, r16f) uniform writeonly image3D densityOut;

layout(push_constant) uniform PC {
    float dt;
    float dissipation;
    vec3 invSize;
} pc;

void main() {
    ivec3 c = ivec3(gl_GlobalInvocationID);
    ivec3 size = imageSize(velocityOut);
    if (any(greaterThanEqual(c, size))) return;
    vec3 uvw = (vec3(c) + 0.5) * pc.invSize;
    vec3 vel = texture(velocityIn, uvw).xyz;
    vec3 back = uvw - vel * pc.dt * pc.invSize;
    vec4 v = textureLod(velocityIn, back, 0.0) * pc.dissipation;
    float d = textureLod(densityIn, back, 0.0).r * pc.dissipation;
    vec3 grad = vec3(
        texelFetch(densityIn, min(c + ivec3(1, 0, 0), size - 1), 0).r - texelFetch(densityIn, max(c - ivec3(1, 0, 0), ivec3(0)), 0).r,
        texelFetch(densityIn, min(c + ivec3(0, 1, 0), size - 1), 0).r - texelFetch(densityIn, max(c - ivec3(0, 1, 0), ivec3(0)), 0).r,
        texelFetch(densityIn, min(c + ivec3(0, 0, 1), size - 1), 0).r - texelFetch(densityIn, max(c - ivec3(0, 0, 1), ivec3(0)), 0).r);
    imageStore(velocityOut, c, vec4(v.xyz + grad * 0.01, 0.0));
    imageStore(densityOut, c, vec4(d));
}
