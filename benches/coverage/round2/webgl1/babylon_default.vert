precision highp float;

attribute vec3 position;
attribute vec3 normal;
attribute vec2 uv;

uniform mat4 world;
uniform mat4 viewProjection;
uniform mat4 view;
uniform mat4 diffuseMatrix;
uniform vec2 vDiffuseInfos;

varying vec3 vPositionW;
varying vec3 vNormalW;
varying vec2 vDiffuseUV;
varying vec3 vFogDistance;

void main(void) {
    mat4 finalWorld = world;
    gl_Position = viewProjection * finalWorld * vec4(position, 1.0);
    vec4 worldPos = finalWorld * vec4(position, 1.0);
    vPositionW = vec3(worldPos);
    vNormalW = normalize(vec3(finalWorld * vec4(normal, 0.0)));
    vDiffuseUV = vec2(diffuseMatrix * vec4(uv, 1.0, 0.0));
    vFogDistance = (view * worldPos).xyz;
}
