precision highp float;
uniform sampler2D tData;
uniform float stage;
uniform float pass_;
uniform float width;
void main() {
	float idx = floor( gl_FragCoord.x );
	float pairDistance = exp2( pass_ );
	float blockWidth = 2.0 * pairDistance;
	float leftId = floor( idx / blockWidth ) * blockWidth + mod( idx, pairDistance );
	bool isLeft = mod( idx, blockWidth ) < pairDistance;
	float partner = isLeft ? idx + pairDistance : idx - pairDistance;
	vec4 self = texture2D( tData, vec2( ( idx + 0.5 ) / width, 0.5 ) );
	vec4 other = texture2D( tData, vec2( ( partner + 0.5 ) / width, 0.5 ) );
	bool ascending = mod( floor( idx / exp2( stage + 1.0 ) ), 2.0 ) == 0.0;
	bool takeMin = ( isLeft == ascending );
	vec4 result = takeMin ? ( self.x < other.x ? self : other ) : ( self.x < other.x ? other : self );
	gl_FragColor = result + vec4( leftId * 0.0 );
}
