#version 300 es
precision highp float;

layout(location = 0) in vec3 aPosition;
layout(location = 1) in vec3 aVelocity;
layout(location = 2) in float aAge;
layout(location = 3) in float aLife;
layout(location = 4) in vec2 aSeed;

uniform float uTimeDelta;
uniform vec3 uGravity;
uniform vec3 uOrigin;
uniform sampler2D uNoise;
uniform vec2 uSpeedRange;

out vec3 vPosition;
out vec3 vVelocity;
out float vAge;
out float vLife;

void main() {
    if (aAge >= aLife) {
        ivec2 noiseCoord = ivec2(gl_VertexID % 512, gl_VertexID / 512);
        vec2 rand = texelFetch(uNoise, noiseCoord, 0).rg;
        float theta = rand.x * 6.2831853;
        float speed = mix(uSpeedRange.x, uSpeedRange.y, rand.y);
        vPosition = uOrigin;
        vAge = 0.0;
        vLife = aLife;
        vVelocity = vec3(cos(theta), 1.0, sin(theta)) * speed;
    } else {
        vPosition = aPosition + aVelocity * uTimeDelta;
        vAge = aAge + uTimeDelta;
        vLife = aLife;
        vVelocity = aVelocity + uGravity * uTimeDelta;
    }
    gl_Position = vec4(0.0);
}
