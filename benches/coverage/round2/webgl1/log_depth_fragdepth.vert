invariant gl_Position;
attribute vec3 position;
uniform mat4 modelViewMatrix;
uniform mat4 projectionMatrix;
varying float vFragDepth;
varying float vIsPerspective;

bool isPerspectiveMatrix(mat4 m) {
    return m[2][3] == -1.0;
}

void main() {
    gl_Position = projectionMatrix * modelViewMatrix * vec4(position, 1.0);
    vFragDepth = 1.0 + gl_Position.w;
    vIsPerspective = float(isPerspectiveMatrix(projectionMatrix));
}
