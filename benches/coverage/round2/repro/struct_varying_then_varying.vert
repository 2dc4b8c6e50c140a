#version 300 es
// class: a struct-typed varying followed by another varying: the struct's members take
// locations 0 and 1, the next varying is given location 1 again
// prism a097dc3: error[E-VALID] Entry point main at Vertex is invalid: Multiple bindings at location 1 (line 1)
struct S { vec3 n; vec2 uv; };
in vec3 aPos;
out S vS;
out vec2 vUv;
void main() { vS.n = aPos; vS.uv = aPos.xy; vUv = aPos.xy; gl_Position = vec4(aPos, 1.0); }
