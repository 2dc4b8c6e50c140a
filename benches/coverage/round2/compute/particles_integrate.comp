#version 450

struct Particle {
    vec4 pos;
    vec4 vel;
    vec4 color;
};

layout(std140, binding = 0) buffer ParticleSSBOIn {
    Particle particlesIn[];
};
layout(std140, binding = 1) buffer ParticleSSBOOut {
    Particle particlesOut[];
};

layout(binding = 2) uniform UBO {
    float deltaT;
    float destX;
    float destY;
    int particleCount;
} ubo;

layout(local_size_x = 256, local_size_y = 1, local_size_z = 1) in;

vec2 attraction(vec2 pos, vec2 attractPos) {
    vec2 delta = attractPos - pos;
    const float damp = 0.5;
    float dDampedDot = dot(delta, delta) + damp;
    float invDist = 1.0f / sqrt(dDampedDot);
    float invDistCubed = invDist * invDist * invDist;
    return delta * invDistCubed * 0.0035;
}

vec2 repulsion(vec2 pos, vec2 attractPos) {
    vec2 delta = attractPos - pos;
    float targetDistance = sqrt(dot(delta, delta));
    return delta * (1.0 / (targetDistance * targetDistance * targetDistance)) * -0.000035;
}

void main() {
    uint index = gl_GlobalInvocationID.x;
    if (index >= ubo.particleCount) return;
    Particle p = particlesIn[index];
    vec2 vVel = p.vel.xy;
    vec2 vPos = p.pos.xy;
    vec2 destPos = vec2(ubo.destX, ubo.destY);
    vec2 delta = destPos - vPos;
    float targetDistance = sqrt(dot(delta, delta));
    vVel += repulsion(vPos, destPos.xy) * 0.05;
    vVel += attraction(vPos, destPos) * ubo.deltaT;
    vPos += vVel * ubo.deltaT;
    if ((vPos.x < -1.0) || (vPos.x > 1.0) || (vPos.y < -1.0) || (vPos.y > 1.0))
        vVel = (-vVel * 0.1) + attraction(vPos, destPos) * 12.0;
    else
        particlesOut[index].pos.xy = vPos;
    particlesOut[index].vel.xy = vVel;
    particlesOut[index].vel.w += 0.1 * ubo.deltaT;
    if (particlesOut[index].vel.w > 1.0) particlesOut[index].vel.w -= 1.0;
    particlesOut[index].color = p.color * (0.5 + targetDistance);
}
