#version 300 es
precision highp float;

layout(location = 0) in vec3 aPos;
layout(location = 1) in vec3 aNormal;
uniform mat4 uModel;
uniform mat4 uViewProj;
uniform mat2x3 uShear;
uniform mat3x2 uProjector;
uniform vec3 uAxis;
out vec3 vN;
out vec4 vMisc;

void main() {
    mat3 nm = transpose(inverse(mat3(uModel)));
    vN = normalize(nm * aNormal);
    float det = determinant(uModel);
    mat3 op = outerProduct(uAxis, aNormal);
    mat4x3 m43 = mat4x3(uModel);
    vec3 s = uShear * vec2(aPos.xy);
    vec2 pr = uProjector * aPos;
    float ip;
    float fr = modf(aPos.x * 3.7, ip);
    float r = round(aPos.y) + roundEven(aPos.z) + trunc(fr);
    bool bad = isnan(det) || isinf(det);
    vec3 hyp = sinh(aPos) + cosh(aPos) + tanh(aPos) + asinh(aPos) + acosh(aPos + 1.0) + atanh(clamp(aPos, -0.5, 0.5));
    vMisc = vec4(s.x + pr.y + ip, r, bad ? 0.0 : det, op[1][2] + m43[3][0] + hyp.x);
    gl_Position = uViewProj * uModel * vec4(aPos, 1.0);
}
