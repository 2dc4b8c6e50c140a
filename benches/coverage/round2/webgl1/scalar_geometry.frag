precision mediump float;

uniform float uEdge;
uniform float uIor;
uniform vec2 uDir;
varying float vHeight;
varying vec2 vUv;

void main() {
    float n = normalize(vHeight);
    float d = dot(vHeight, uEdge);
    float r = reflect(vHeight, n);
    float rr = refract(vHeight, 1.0, uIor);
    float ff = faceforward(1.0, vHeight, uEdge);
    float len = length(vHeight - 0.5) + distance(vHeight, uEdge);
    vec2 v2 = vec2(vUv.x);
    float s = sign(d) * step(0.5, r) * smoothstep(0.0, 1.0, rr);
    gl_FragColor = vec4(n, s + ff, len, v2.y + dot(uDir, vUv));
}
