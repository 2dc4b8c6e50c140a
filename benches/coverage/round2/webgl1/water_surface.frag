precision highp float;

uniform sampler2D uReflection;
uniform sampler2D uRefraction;
uniform sampler2D uNormalMap;
uniform sampler2D uDepthMap;
uniform float uTime;
uniform vec3 uSunDir;
uniform vec3 uSunColor;
uniform vec3 uWaterColor;
uniform float uDistortionScale;

varying vec4 vClipSpace;
varying vec2 vUv;
varying vec3 vToCamera;

lowp vec4 sampleNormal(in vec2 uv) {
    vec2 uv0 = (uv / 103.0) + vec2(uTime / 17.0, uTime / 29.0);
    vec2 uv1 = uv / 107.0 - vec2(uTime / -19.0, uTime / 31.0);
    vec2 uv2 = uv / vec2(8907.0, 9803.0) + vec2(uTime / 101.0, uTime / 97.0);
    vec2 uv3 = uv / vec2(1091.0, 1027.0) - vec2(uTime / 109.0, uTime / -113.0);
    vec4 noise = texture2D(uNormalMap, uv0) + texture2D(uNormalMap, uv1) + texture2D(uNormalMap, uv2) + texture2D(uNormalMap, uv3);
    return noise * 0.5 - 1.0;
}

void main() {
    vec2 ndc = (vClipSpace.xy / vClipSpace.w) / 2.0 + 0.5;
    vec4 noise = sampleNormal(vUv * 200.0);
    vec3 surfaceNormal = normalize(noise.xzy * vec3(1.5, 1.0, 1.5));
    vec3 eyeDir = normalize(vToCamera);
    vec2 distortion = surfaceNormal.xz * uDistortionScale;
    vec2 reflUv = clamp(vec2(ndc.x, -ndc.y) + distortion, vec2(0.001, -0.999), vec2(0.999, -0.001));
    vec2 refrUv = clamp(ndc + distortion, 0.001, 0.999);
    vec3 reflection = texture2D(uReflection, reflUv).rgb;
    vec3 refraction = texture2D(uRefraction, refrUv).rgb;
    float theta = max(dot(eyeDir, surfaceNormal), 0.0);
    float rf0 = 0.3;
    float reflectance = rf0 + (1.0 - rf0) * pow((1.0 - theta), 5.0);
    vec3 reflDir = reflect(-uSunDir, surfaceNormal);
    float spec = pow(max(dot(reflDir, eyeDir), 0.0), 100.0);
    vec3 specular = uSunColor * spec * 2.0;
    vec3 water = mix(refraction * uWaterColor, reflection, reflectance);
    gl_FragColor = vec4(water + specular, 1.0);
}
