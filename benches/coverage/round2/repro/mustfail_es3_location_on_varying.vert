#version 300 es // expect-error-line: 5
// must-fail class: `layout(location)` on a vertex output (and on a fragment input): GLSL ES 3.00 allows
// it only on vertex inputs and fragment outputs (3.10 allows it); prism a097dc3 accepts both
in vec3 aPos;
layout(location = 0) out vec2 vUv;
void main() { vUv = aPos.xy; gl_Position = vec4(aPos, 1.0); }
