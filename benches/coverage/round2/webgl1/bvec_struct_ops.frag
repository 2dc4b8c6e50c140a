precision mediump float;

struct Material {
    vec3 color;
    float shininess;
};

struct Surface {
    Material mat;
    vec3 normal;
};

uniform Material uMatA;
uniform Material uMatB;
uniform vec4 uThresholds;
uniform ivec2 uMode;
varying vec4 vValues;

Surface makeSurface(Material m, vec3 n) {
    return Surface(m, normalize(n));
}

void main() {
    bvec4 over = greaterThan(vValues, uThresholds);
    bvec4 under = lessThan(vValues, uThresholds * 0.5);
    bool anyOver = any(over);
    bool allUnder = all(under);
    bvec2 eq = equal(uMode, ivec2(1, 2));
    bvec2 ne = notEqual(uMode, ivec2(0));
    bool same = uMatA == uMatB;
    bool differ = uMatA != uMatB;
    Surface s = makeSurface(same ? uMatA : uMatB, vec3(vValues.xyz));
    float k = 0.0;
    if (anyOver && !allUnder) k += 0.25;
    if (eq.x ^^ ne.y) k += 0.25;
    if (any(not(over))) k += 0.125;
    if (differ || (over.x == under.y)) k += 0.125;
    int m = uMode.x * 3 + uMode.y / 2 - (uMode.x - 1);
    gl_FragColor = vec4(s.mat.color * k, float(m) + s.mat.shininess);
}
