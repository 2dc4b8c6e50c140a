precision mediump float;

#define MAX_BONES 60

attribute vec3 position;
attribute vec3 normal;
attribute vec4 skinIndex;
attribute vec4 skinWeight;
attribute vec2 uv;

uniform mat4 bindMatrix;
uniform mat4 bindMatrixInverse;
uniform mat4 boneMatrices[MAX_BONES];
uniform mat4 modelViewMatrix;
uniform mat4 projectionMatrix;
uniform mat3 normalMatrix;

varying vec3 vNormal;
varying vec2 vUv;

mat4 getBoneMatrix(const in float i) {
    mat4 bone = boneMatrices[int(i)];
    return bone;
}

void main() {
    mat4 boneMatX = getBoneMatrix(skinIndex.x);
    mat4 boneMatY = getBoneMatrix(skinIndex.y);
    mat4 boneMatZ = getBoneMatrix(skinIndex.z);
    mat4 boneMatW = getBoneMatrix(skinIndex.w);

    mat4 skinMatrix = mat4(0.0);
    skinMatrix += skinWeight.x * boneMatX;
    skinMatrix += skinWeight.y * boneMatY;
    skinMatrix += skinWeight.z * boneMatZ;
    skinMatrix += skinWeight.w * boneMatW;
    skinMatrix = bindMatrixInverse * skinMatrix * bindMatrix;

    vec3 objectNormal = vec4(skinMatrix * vec4(normal, 0.0)).xyz;
    vec4 skinVertex = bindMatrix * vec4(position, 1.0);
    vec4 skinned = vec4(0.0);
    skinned += boneMatX * skinVertex * skinWeight.x;
    skinned += boneMatY * skinVertex * skinWeight.y;
    skinned += boneMatZ * skinVertex * skinWeight.z;
    skinned += boneMatW * skinVertex * skinWeight.w;
    vec3 transformed = (bindMatrixInverse * skinned).xyz;

    vNormal = normalize(normalMatrix * objectNormal);
    vUv = uv;
    gl_Position = projectionMatrix * modelViewMatrix * vec4(transformed, 1.0);
}
