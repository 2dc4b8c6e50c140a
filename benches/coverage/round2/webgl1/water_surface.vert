attribute vec3 position;
attribute vec2 uv;
uniform mat4 modelMatrix;
uniform mat4 viewMatrix;
uniform mat4 projectionMatrix;
uniform vec3 cameraPosition;
uniform highp sampler2D uHeightMap;
uniform float uTime;
varying vec4 vClipSpace;
varying vec2 vUv;
varying vec3 vToCamera;

void main() {
    float h = texture2DLod(uHeightMap, uv, 0.0).r;
    vec4 worldPosition = modelMatrix * vec4(position + vec3(0.0, h * sin(uTime), 0.0), 1.0);
    vClipSpace = projectionMatrix * viewMatrix * worldPosition;
    vUv = uv;
    vToCamera = cameraPosition - worldPosition.xyz;
    gl_Position = vClipSpace;
}
