precision mediump float;
uniform sampler2D tDiffuse;
uniform vec2 uImageIncrement;
uniform float cKernel[ 25 ];
varying vec2 vUv;
#define KERNEL_SIZE_INT 25
void main() {
	vec2 imageCoord = vUv;
	vec4 sum = vec4( 0.0, 0.0, 0.0, 0.0 );
	for( int i = 0; i < KERNEL_SIZE_INT; i ++ ) {
		sum += texture2D( tDiffuse, imageCoord ) * cKernel[ i ];
		imageCoord += uImageIncrement;
	}
	gl_FragColor = sum;
}
