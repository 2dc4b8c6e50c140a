precision mediump float;
uniform vec3 diffuse;
uniform float opacity;
uniform sampler2D map;
uniform mat3 uvTransform;
varying vec3 vColor;
void main() {
	vec4 diffuseColor = vec4( diffuse * vColor, opacity );
	vec2 uv = ( uvTransform * vec3( gl_PointCoord.x, 1.0 - gl_PointCoord.y, 1 ) ).xy;
	diffuseColor *= texture2D( map, uv );
	if ( diffuseColor.a < 0.5 ) discard;
	gl_FragColor = diffuseColor;
}
