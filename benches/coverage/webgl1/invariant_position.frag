varying lowp vec4 vColor;
invariant varying mediump vec2 vPos;
void main() {
	gl_FragColor = vColor * step( 0.0, vPos.x );
}
