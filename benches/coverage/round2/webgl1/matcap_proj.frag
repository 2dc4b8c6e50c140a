precision mediump float;

uniform sampler2D matcap;
uniform sampler2D projectedTex;
uniform vec3 diffuse;
varying vec3 vViewPosition;
varying vec3 vNormal;
varying vec4 vProjCoord;

void main() {
    vec3 normal = normalize(vNormal);
    vec3 viewDir = normalize(vViewPosition);
    vec3 x = normalize(vec3(viewDir.z, 0.0, -viewDir.x));
    vec3 y = cross(viewDir, x);
    vec2 uv = vec2(dot(x, normal), dot(y, normal)) * 0.495 + 0.5;
    vec4 matcapColor = texture2D(matcap, uv);
    vec4 proj = texture2DProj(projectedTex, vProjCoord);
    vec4 proj3 = texture2DProj(projectedTex, vProjCoord.xyw, -0.5);
    gl_FragColor = vec4(diffuse * matcapColor.rgb * mix(vec3(1.0), proj.rgb, proj3.a), 1.0);
}
