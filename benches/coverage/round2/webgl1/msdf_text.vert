attribute vec2 aPosition;
attribute vec2 aUv;
attribute float aGlyphIndex;

uniform mat4 uProjection;
uniform mat4 uView;
uniform mat4 uModel;
uniform float uLetterSpacing;

varying vec2 vUv;

void main() {
    vUv = aUv;
    vec2 p = aPosition + vec2(aGlyphIndex * uLetterSpacing, 0.0);
    gl_Position = uProjection * uView * uModel * vec4(p, 0.0, 1.0);
}
