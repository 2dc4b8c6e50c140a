#version 300 es
precision highp float;
precision highp samplerCubeShadow;
precision highp isampler2DArray;
precision highp usampler3D;

uniform sampler2D uDiffuse;
uniform sampler2D uDecal;
uniform samplerCube uEnv;
uniform samplerCubeShadow uPointShadow;
uniform isampler2DArray uMaterialIds;
uniform usampler3D uVoxels;
uniform vec3 uLightPos;
uniform float uFar;

in vec2 vUv;
in vec4 vDecalCoord;
in vec3 vWorld;
in vec3 vNormal;
out vec4 fragColor;

void main() {
    vec2 dx = dFdx(vUv * 4.0);
    vec2 dy = dFdy(vUv * 4.0);
    vec4 base = textureGrad(uDiffuse, vUv * 4.0, dx, dy);
    vec4 baseOff = textureGradOffset(uDiffuse, vUv * 4.0, dx, dy, ivec2(1, -1));
    vec4 decal = textureProj(uDecal, vDecalCoord);
    vec4 decalOff = textureProjOffset(uDecal, vDecalCoord, ivec2(2, 0));
    vec4 decalLod = textureProjLod(uDecal, vDecalCoord.xyw, 0.0);
    vec4 decalGrad = textureProjGrad(uDecal, vDecalCoord, dx, dy);
    vec4 decalLodOff = textureProjLodOffset(uDecal, vDecalCoord, 1.0, ivec2(-1, 0));
    vec3 r = reflect(normalize(vWorld), normalize(vNormal));
    vec4 env = textureGrad(uEnv, r, dFdx(r), dFdy(r));
    vec3 toLight = vWorld - uLightPos;
    float shadow = texture(uPointShadow, vec4(toLight, length(toLight) / uFar));
    int mat = texture(uMaterialIds, vec3(vUv, 2.0)).r;
    uvec4 vox = texelFetch(uVoxels, ivec3(vWorld * 8.0) & 63, 0);
    ivec3 volSize = textureSize(uVoxels, 0);
    ivec2 cubeSize = textureSize(uEnv, 0);
    ivec3 matSize = textureSize(uMaterialIds, 0);
    vec4 c = mix(base, baseOff, 0.5) * (1.0 - decal.a) + decal * decal.a;
    c += (decalOff + decalLod + decalGrad + decalLodOff) * 0.001;
    c.rgb += env.rgb * 0.2 * shadow;
    c.rgb *= mat == 1 ? 0.5 : 1.0;
    c.a = float(vox.r) / 255.0 + float(volSize.x + cubeSize.y + matSize.z) * 0.0;
    fragColor = c;
}
