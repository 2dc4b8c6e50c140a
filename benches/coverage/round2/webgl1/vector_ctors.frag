precision highp float;

uniform vec4 uColorA;
uniform vec3 uTint;
uniform mat2 uWarp;
uniform mat3 uColorMatrix;
varying vec2 vUv;

void main() {
    vec2 xy = vec2(uColorA);
    vec3 rgb = vec3(uColorA);
    vec4 warp = vec4(uWarp);
    vec3 row = vec3(uColorMatrix[0].x, uColorMatrix[1].x, uColorMatrix[2].x);
    vec2 fromMat = vec2(uWarp);
    vec4 packedVals = vec4(xy, fromMat);
    ivec3 ic = ivec3(rgb * 255.0);
    bvec2 bz = bvec2(xy);
    vec3 bf = vec3(bvec3(true, bz));
    float f = float(ic.x) + float(ivec2(vUv * 8.0).y);
    mat3 cm = uColorMatrix * mat3(1.0);
    mat2 m2 = mat2(warp);
    mat3 m3 = mat3(warp, rgb, uTint.xy);
    vec3 col = cm * (rgb * uTint) + row * 0.1 + bf * 0.01 + m3[1];
    gl_FragColor = vec4(col, packedVals.w + f * 0.001 + m2[1][0]);
}
