#version 300 es
// class: bool / bvec members of a std140 uniform block
// prism a097dc3: error[E-VALID] Global variable [0] '' is invalid: ... not host-shareable (line 5)
precision highp float;
layout(std140) uniform Flags {
    bool useAmbient;
    bvec2 flags;
    vec3 ambient;
};
out vec4 fragColor;
void main() { fragColor = vec4(useAmbient && flags.y ? ambient : vec3(0.0), 1.0); }
