precision highp float;

uniform vec2 iResolution;
uniform float iTime;
uniform vec4 iMouse;

#define MAX_STEPS 96
#define MAX_DIST 50.0
#define SURF_DIST 0.001

mat2 rot(float a) {
    float s = sin(a), c = cos(a);
    return mat2(c, -s, s, c);
}

float sdBox(vec3 p, vec3 b) {
    vec3 q = abs(p) - b;
    return length(max(q, 0.0)) + min(max(q.x, max(q.y, q.z)), 0.0);
}

float sdTorus(vec3 p, vec2 t) {
    vec2 q = vec2(length(p.xz) - t.x, p.y);
    return length(q) - t.y;
}

float smin(float a, float b, float k) {
    float h = clamp(0.5 + 0.5 * (b - a) / k, 0.0, 1.0);
    return mix(b, a, h) - k * h * (1.0 - h);
}

float map(vec3 p) {
    vec3 bp = p - vec3(0.0, 1.0, 0.0);
    bp.xz *= rot(iTime * 0.5);
    float box = sdBox(bp, vec3(0.5));
    vec3 tp = p - vec3(0.0, 1.0, 0.0);
    tp.yz *= rot(iTime);
    float torus = sdTorus(tp, vec2(1.0, 0.2));
    float plane = p.y;
    return min(smin(box, torus, 0.3), plane);
}

float rayMarch(vec3 ro, vec3 rd) {
    float dO = 0.0;
    for (int i = 0; i < MAX_STEPS; i++) {
        vec3 p = ro + rd * dO;
        float dS = map(p);
        dO += dS;
        if (dO > MAX_DIST || abs(dS) < SURF_DIST) break;
    }
    return dO;
}

vec3 getNormal(vec3 p) {
    vec2 e = vec2(0.001, 0.0);
    vec3 n = map(p) - vec3(map(p - e.xyy), map(p - e.yxy), map(p - e.yyx));
    return normalize(n);
}

float softShadow(vec3 ro, vec3 rd, float mint, float tmax) {
    float res = 1.0;
    float t = mint;
    for (int i = 0; i < 32; i++) {
        float h = map(ro + rd * t);
        res = min(res, 8.0 * h / t);
        t += clamp(h, 0.02, 0.10);
        if (h < 0.001 || t > tmax) break;
    }
    return clamp(res, 0.0, 1.0);
}

void main() {
    vec2 uv = (gl_FragCoord.xy - 0.5 * iResolution.xy) / iResolution.y;
    vec2 m = iMouse.xy / iResolution.xy;
    vec3 ro = vec3(0.0, 2.0, -5.0);
    ro.yz *= rot(-m.y * 3.14 + 1.0);
    ro.xz *= rot(-m.x * 6.2831);
    vec3 f = normalize(vec3(0.0, 1.0, 0.0) - ro);
    vec3 r = normalize(cross(vec3(0.0, 1.0, 0.0), f));
    vec3 u = cross(f, r);
    vec3 rd = normalize(f + uv.x * r + uv.y * u);
    float d = rayMarch(ro, rd);
    vec3 col = vec3(0.0);
    if (d < MAX_DIST) {
        vec3 p = ro + rd * d;
        vec3 n = getNormal(p);
        vec3 lightPos = vec3(3.0, 5.0, -2.0);
        vec3 l = normalize(lightPos - p);
        float dif = clamp(dot(n, l), 0.0, 1.0);
        dif *= softShadow(p + n * 0.01, l, 0.02, 10.0);
        col = vec3(dif) + 0.05;
    }
    col = pow(col, vec3(0.4545));
    gl_FragColor = vec4(col, 1.0);
}
