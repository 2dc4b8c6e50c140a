precision highp float;

attribute vec4 aPosition;
attribute vec4 aWeights;
uniform mat4 uMvp;
uniform vec4 uRows[gl_MaxVertexUniformVectors - 8];
uniform int uCount;
varying vec4 vInfo;

void main() {
    vec4 acc = vec4(0.0);
    for (int i = 0; i < 16; i++) {
        if (i >= uCount) break;
        acc += uRows[i] * aWeights[i / 4];
    }
    float attribs = float(gl_MaxVertexAttribs);
    float varyings = float(gl_MaxVaryingVectors);
    float units = float(gl_MaxCombinedTextureImageUnits) + float(gl_MaxVertexTextureImageUnits);
    vInfo = acc + vec4(attribs, varyings, units, float(gl_MaxTextureImageUnits)) * 0.0;
    gl_Position = uMvp * aPosition;
}
