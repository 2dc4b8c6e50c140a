#version 300 es
precision highp float;
precision highp sampler3D;

uniform sampler3D uVolume;
uniform sampler2D uTransfer;
uniform vec3 uCameraLocal;
uniform float uStepSize;
uniform float uDensity;
uniform mat4 uInvModel;

in vec3 vLocalPos;
out vec4 color;

vec2 intersectBox(vec3 orig, vec3 dir) {
    const vec3 boxMin = vec3(0.0);
    const vec3 boxMax = vec3(1.0);
    vec3 invDir = 1.0 / dir;
    vec3 tmin0 = (boxMin - orig) * invDir;
    vec3 tmax0 = (boxMax - orig) * invDir;
    vec3 tmin = min(tmin0, tmax0);
    vec3 tmax = max(tmin0, tmax0);
    float t0 = max(tmin.x, max(tmin.y, tmin.z));
    float t1 = min(tmax.x, min(tmax.y, tmax.z));
    return vec2(t0, t1);
}

void main() {
    vec3 rayDir = normalize(vLocalPos - uCameraLocal);
    vec2 tHit = intersectBox(uCameraLocal, rayDir);
    if (tHit.x > tHit.y) discard;
    tHit.x = max(tHit.x, 0.0);
    vec3 dtVec = 1.0 / (vec3(textureSize(uVolume, 0)) * abs(rayDir));
    float dt = min(dtVec.x, min(dtVec.y, dtVec.z)) * uStepSize;
    vec3 p = uCameraLocal + tHit.x * rayDir;
    vec4 acc = vec4(0.0);
    float t = tHit.x;
    do {
        float val = texture(uVolume, p).r;
        vec4 c = textureLod(uTransfer, vec2(val, 0.5), 0.0);
        c.a *= uDensity;
        acc.rgb += (1.0 - acc.a) * c.a * c.rgb;
        acc.a += (1.0 - acc.a) * c.a;
        p += rayDir * dt;
        t += dt;
    } while (t < tHit.y && acc.a < 0.95);
    vec3 g = vec3(
        textureOffset(uVolume, p, ivec3(1, 0, 0)).r - textureOffset(uVolume, p, ivec3(-1, 0, 0)).r,
        textureOffset(uVolume, p, ivec3(0, 1, 0)).r - textureOffset(uVolume, p, ivec3(0, -1, 0)).r,
        texelFetch(uVolume, ivec3(p * 64.0), 0).r);
    color = acc + vec4(g * 0.0, 0.0);
}
