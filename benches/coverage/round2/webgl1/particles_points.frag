precision mediump float;

uniform vec3 color;
uniform sampler2D pointTexture;
uniform float alphaTest;

varying vec3 vColor;
varying float vAlpha;

void main() {
    vec2 coord = gl_PointCoord;
    vec4 tex = texture2D(pointTexture, coord);
    gl_FragColor = vec4(color * vColor, vAlpha) * tex;
    if (gl_FragColor.a < alphaTest) discard;
}
