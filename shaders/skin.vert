// WebGL 1 linear-blend skinning. Bone matrices are uploaded as three vec4
// rows each (the fourth row is always 0,0,0,1), so 68 bones fit in the
// 256-vector budget of most mobile GPUs once the camera uniforms are counted.
attribute vec3 aPosition;
attribute vec3 aNormal;
attribute vec2 aTexCoord;
attribute vec4 aBoneIndices;
attribute vec4 aBoneWeights;

uniform mat4 uViewProjection;
uniform vec4 uBones[3 * 68];

varying vec3 vNormal;
varying vec2 vTexCoord;

mat4 boneMatrix(int base) {
    vec4 r0 = uBones[base];
    vec4 r1 = uBones[base + 1];
    vec4 r2 = uBones[base + 2];
    // Rows are stored transposed: build the column-major matrix.
    return mat4(r0.x, r1.x, r2.x, 0.0,
                r0.y, r1.y, r2.y, 0.0,
                r0.z, r1.z, r2.z, 0.0,
                r0.w, r1.w, r2.w, 1.0);
}

void main() {
    ivec3 idx = ivec3(aBoneIndices.xyz) * 3;
    int idxW = int(aBoneIndices.w) * 3;

    // First bone is read inline, the way most exporters emit it.
    vec4 row0 = uBones[idx.x];
    vec4 row1 = uBones[idx.x + 1];
    vec4 row2 = uBones[idx.x + 2];
    mat4 skin = mat4(row0.x, row1.x, row2.x, 0.0,
                     row0.y, row1.y, row2.y, 0.0,
                     row0.z, row1.z, row2.z, 0.0,
                     row0.w, row1.w, row2.w, 1.0) * aBoneWeights.x;
    skin += boneMatrix(idx.y) * aBoneWeights.y;
    skin += boneMatrix(idx.z) * aBoneWeights.z;
    skin += boneMatrix(idxW) * aBoneWeights.w;

    vec4 worldPos = skin * vec4(aPosition, 1.0);
    vNormal = normalize((skin * vec4(aNormal, 0.0)).xyz);
    vTexCoord = aTexCoord;
    gl_Position = uViewProjection * worldPos;
}
