precision highp float;

attribute vec3 aPos;
attribute vec2 aUv;

uniform mat2 uUvRotation;
uniform mat3 uNormalMat;
uniform mat4 uModel;
uniform mat4 uViewProj;
uniform mat4 uScaleMask;

varying vec2 vUv;
varying vec3 vN;
varying vec4 vCol;

void main() {
    mat4 masked = matrixCompMult(uModel, uScaleMask);
    mat3 upper = mat3(uModel);
    mat2 topLeft = mat2(uNormalMat);
    vec4 firstRow = vec4(topLeft);
    vec3 n = upper * uNormalMat[2];
    mat3 mc = matrixCompMult(upper, uNormalMat);
    vec2 uv = uUvRotation * (aUv - 0.5) + 0.5;
    vUv = uv;
    vN = normalize(n + mc[0]);
    vCol = firstRow + vec4(mat2(masked)[1], 0.0, 1.0);
    mat4 fromM3 = mat4(uNormalMat);
    gl_Position = uViewProj * masked * fromM3 * vec4(aPos, 1.0);
}
