precision highp float;

attribute vec3 position;
attribute vec3 normal;
attribute vec3 morphTarget0;
attribute vec3 morphTarget1;
attribute vec3 morphTarget2;
attribute vec3 morphTarget3;
attribute vec3 morphNormal0;
attribute vec3 morphNormal1;

uniform float morphTargetBaseInfluence;
uniform float morphTargetInfluences[4];
uniform mat4 modelViewMatrix;
uniform mat4 projectionMatrix;
uniform mat3 normalMatrix;

varying vec3 vNormal;

void main() {
    vec3 objectNormal = normal;
    objectNormal *= morphTargetBaseInfluence;
    objectNormal += morphNormal0 * morphTargetInfluences[0];
    objectNormal += morphNormal1 * morphTargetInfluences[1];
    vec3 transformed = position * morphTargetBaseInfluence;
    transformed += morphTarget0 * morphTargetInfluences[0];
    transformed += morphTarget1 * morphTargetInfluences[1];
    transformed += morphTarget2 * morphTargetInfluences[2];
    transformed += morphTarget3 * morphTargetInfluences[3];
    vNormal = normalize(normalMatrix * objectNormal);
    gl_Position = projectionMatrix * modelViewMatrix * vec4(transformed, 1.0);
}
