precision highp float;

attribute vec3 position;
attribute float size;
attribute vec3 customColor;
attribute float aLife;

uniform mat4 modelViewMatrix;
uniform mat4 projectionMatrix;
uniform float uScale;
uniform float uTime;

varying vec3 vColor;
varying float vAlpha;

void main() {
    vColor = customColor;
    float life = fract(aLife + uTime * 0.1);
    vAlpha = 1.0 - life;
    vec3 p = position + vec3(0.0, life * 4.0, 0.0);
    vec4 mvPosition = modelViewMatrix * vec4(p, 1.0);
    gl_PointSize = size * (uScale / -mvPosition.z);
    gl_PointSize = clamp(gl_PointSize, 1.0, 64.0);
    gl_Position = projectionMatrix * mvPosition;
}
