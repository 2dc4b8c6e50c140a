precision mediump float;
uniform sampler2D tDiffuse;
uniform sampler2D lut;
uniform float lutSize;
uniform float intensity;
varying vec2 vUv;
vec4 sampleAs3DTexture( sampler2D tex, vec3 uv, float width ) {
	float innerWidth = width - 1.0;
	float sliceSize = 1.0 / width;
	float slicePixelSize = sliceSize / width;
	float sliceInnerSize = slicePixelSize * innerWidth;
	float zSlice0 = min( floor( uv.z * innerWidth ), innerWidth );
	float zSlice1 = min( zSlice0 + 1.0, innerWidth );
	float xOffset = slicePixelSize * 0.5 + uv.x * sliceInnerSize;
	float s0 = xOffset + ( zSlice0 * sliceSize );
	float s1 = xOffset + ( zSlice1 * sliceSize );
	float yOffset = slicePixelSize * 0.5 + uv.y * ( 1.0 - slicePixelSize );
	vec4 slice0Color = texture2D( tex, vec2( s0, yOffset ) );
	vec4 slice1Color = texture2D( tex, vec2( s1, yOffset ) );
	float zOffset = mod( uv.z * innerWidth, 1.0 );
	return mix( slice0Color, slice1Color, zOffset );
}
void main() {
	vec4 val = texture2D( tDiffuse, vUv );
	vec4 lutVal = vec4( sampleAs3DTexture( lut, val.rgb, lutSize ).rgb, val.a );
	gl_FragColor = mix( val, lutVal, intensity );
}
