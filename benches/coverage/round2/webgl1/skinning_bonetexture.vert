precision highp float;

attribute vec3 position;
attribute vec4 skinIndex;
attribute vec4 skinWeight;

uniform mat4 modelViewMatrix;
uniform mat4 projectionMatrix;
uniform mat4 bindMatrix;
uniform mat4 bindMatrixInverse;
uniform highp sampler2D boneTexture;
uniform int boneTextureSize;

mat4 getBoneMatrix(const in float i) {
    float j = i * 4.0;
    float size = float(boneTextureSize);
    float x = mod(j, size);
    float y = floor(j / size);
    float dx = 1.0 / size;
    float dy = 1.0 / size;
    y = dy * (y + 0.5);
    vec4 v1 = texture2D(boneTexture, vec2(dx * (x + 0.5), y));
    vec4 v2 = texture2D(boneTexture, vec2(dx * (x + 1.5), y));
    vec4 v3 = texture2D(boneTexture, vec2(dx * (x + 2.5), y));
    vec4 v4 = texture2D(boneTexture, vec2(dx * (x + 3.5), y));
    return mat4(v1, v2, v3, v4);
}

void main() {
    vec4 skinVertex = bindMatrix * vec4(position, 1.0);
    vec4 skinned = vec4(0.0);
    skinned += getBoneMatrix(skinIndex.x) * skinVertex * skinWeight.x;
    skinned += getBoneMatrix(skinIndex.y) * skinVertex * skinWeight.y;
    skinned += getBoneMatrix(skinIndex.z) * skinVertex * skinWeight.z;
    skinned += getBoneMatrix(skinIndex.w) * skinVertex * skinWeight.w;
    gl_Position = projectionMatrix * modelViewMatrix * (bindMatrixInverse * skinned);
}
