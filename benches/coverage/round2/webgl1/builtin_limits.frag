precision mediump float;

uniform vec4 uFragRows[gl_MaxFragmentUniformVectors / 4];
uniform sampler2D uTex;
varying vec4 vInfo;

void main() {
    float nearFar = gl_DepthRange.far - gl_DepthRange.near;
    float diff = gl_DepthRange.diff;
    float drawBuffers = float(gl_MaxDrawBuffers);
    vec4 c = texture2D(uTex, vInfo.xy) + uFragRows[0];
    gl_FragColor = c * vec4(nearFar, diff, drawBuffers, 1.0);
}
