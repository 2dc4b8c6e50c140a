#version 450

struct Body {
    vec4 pos;
    vec4 vel;
};

layout(std140, binding = 0) buffer Bodies { Body bodies[]; };

layout(binding = 1) uniform UBO {
    float deltaT;
    int bodyCount;
    float gravity;
    float power;
    float soften;
} ubo;

layout(constant_id = 0) const int SHARED_DATA_SIZE = 512;
layout(constant_id = 1) const float GRAVITY = 0.002;
layout(constant_id = 2) const float POWER = 0.75;
layout(constant_id = 3) const float SOFTEN = 0.0075;

layout(local_size_x_id = 0) in;

shared vec4 sharedData[SHARED_DATA_SIZE];

void main() {
    uint index = gl_GlobalInvocationID.x;
    if (index >= ubo.bodyCount) return;
    vec4 position = bodies[index].pos;
    vec4 velocity = bodies[index].vel;
    vec4 acceleration = vec4(0.0);
    for (int i = 0; i < ubo.bodyCount; i += SHARED_DATA_SIZE) {
        if (i + gl_LocalInvocationID.x < ubo.bodyCount) {
            sharedData[gl_LocalInvocationID.x] = bodies[i + gl_LocalInvocationID.x].pos;
        } else {
            sharedData[gl_LocalInvocationID.x] = vec4(0.0);
        }
        memoryBarrierShared();
        barrier();
        for (int j = 0; j < gl_WorkGroupSize.x; j++) {
            vec4 other = sharedData[j];
            vec3 len = other.xyz - position.xyz;
            acceleration.xyz += GRAVITY * len * other.w / pow(dot(len, len) + SOFTEN, POWER);
        }
        memoryBarrierShared();
        barrier();
    }
    bodies[index].vel.xyz += ubo.deltaT * acceleration.xyz;
    bodies[index].vel.w += 0.1 * ubo.deltaT;
    if (bodies[index].vel.w > 1.0) bodies[index].vel.w -= 1.0;
}
