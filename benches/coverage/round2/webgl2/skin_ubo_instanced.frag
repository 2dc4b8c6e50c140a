#version 300 es
precision mediump float;
in vec3 vNormal;
flat in vec4 vColor;
smooth in float vFade;
uniform vec3 uLight;
layout(location = 0) out vec4 fragColor;
void main() {
    float ndl = max(dot(normalize(vNormal), uLight), 0.0);
    fragColor = vec4(vColor.rgb * (0.2 + ndl), vColor.a * vFade);
    gl_FragDepth = gl_FragCoord.z * 0.999;
}
