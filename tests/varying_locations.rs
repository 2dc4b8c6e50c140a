//! Inputs and outputs that take more than one location (`dialect::io`, `dialect::io_blocks`):
//! arrays sized by constant expressions, arrays of matrices, blocks with array and matrix
//! members or a member's own location, and struct-typed variables. Each takes the locations
//! GLSL gives it, so the next declaration's location is free and the other stage matches.
//! Locations are read back from prism's SPIR-V (one variable per element or column there).

mod common;

use std::path::Path;

use common::fixture_root;
use common::spirv_offsets::{inline_shader, locations, prism_spirv};

/// The locations of the inputs (`input`) or outputs of the shader at `path` whose names
/// start with `prefix`, in order.
fn located(path: &Path, input: bool, prefix: &str) -> Vec<u32> {
    locations(&prism_spirv(path))
        .into_iter()
        .filter(|(i, name, _)| *i == input && name.starts_with(prefix))
        .map(|(_, _, location)| location)
        .collect()
}

#[test]
fn arrays_sized_by_constants_take_a_location_per_element() {
    let path = inline_shader(
        "const_arrays.vert",
        "#version 450\nconst int N = 3;\n#define M (N - 1)\n\
         layout(location = 0) in vec4 weights[N];\nin vec3 pos;\n\
         layout(location = 0) out vec4 colors[M];\nout vec2 uv;\nout float tail;\n\
         void main() { gl_Position = weights[0] + weights[2] + vec4(pos, 1.0);\n\
           colors[0] = weights[1]; colors[1] = weights[2]; uv = pos.xy; tail = 1.0; }\n",
    );
    assert_eq!(located(&path, true, "weights"), [0, 1, 2]);
    // Generated locations start after the array, not at its second element.
    assert_eq!(located(&path, true, "pos"), [3]);
    assert_eq!(located(&path, false, "colors"), [0, 1]);
    assert_eq!(located(&path, false, "uv"), [2]);
    assert_eq!(located(&path, false, "tail"), [3]);
}

#[test]
fn an_array_of_matrices_travels_as_columns() {
    let path = inline_shader(
        "matrix_array.vert",
        "#version 450\nconst int N = 2;\nlayout(location = 0) in vec4 pos;\n\
         layout(location = 1) in mat4 inst[N];\nlayout(location = 9) in vec2 uv;\n\
         layout(location = 0) out mat3x2 m[2];\nlayout(location = 6) out vec2 vuv;\n\
         void main() { gl_Position = inst[0] * pos + inst[1] * pos;\n\
           m[0] = mat3x2(1.0); m[1] = mat3x2(2.0); vuv = uv; }\n",
    );
    assert_eq!(located(&path, true, "inst"), (1..=8).collect::<Vec<_>>());
    assert_eq!(located(&path, true, "uv"), [9]);
    assert_eq!(located(&path, false, "m_"), (0..=5).collect::<Vec<_>>());
    assert_eq!(located(&path, false, "vuv"), [6]);
}

#[test]
fn a_struct_variable_takes_its_members_locations() {
    // A WebGL 2 struct varying without locations, then another varying.
    let path = inline_shader(
        "struct_then_varying.vert",
        "#version 300 es\nstruct S { vec3 n; vec2 uv; };\nin vec3 aPos;\nout S vS;\nout vec2 vUv;\n\
         void main() { vS.n = aPos; vS.uv = aPos.xy; vUv = aPos.xy; gl_Position = vec4(aPos, 1.0); }\n",
    );
    assert_eq!(located(&path, false, "vUv"), [2]);
    // A struct with an array member, declared before the variable: one variable per member.
    let path = inline_shader(
        "struct_array_member.vert",
        "#version 450\nstruct S { vec3 n; float b[2]; vec2 c; };\nlayout(location = 0) in vec3 aPos;\n\
         layout(location = 0) out S vS;\nlayout(location = 4) out vec2 vUv;\n\
         void main() { vS.n = aPos; vS.b[0] = 1.0; vS.b[1] = 2.0; vS.c = aPos.xy; vUv = aPos.xy;\n\
           gl_Position = vec4(aPos, 1.0); }\n",
    );
    assert_eq!(located(&path, false, "vS_b"), [1, 2]);
    assert_eq!(located(&path, false, "vS_c"), [3]);
}

#[test]
fn both_stages_of_the_fixture_agree_with_glsl() {
    let vert = fixture_root().join("vulkan/varying_arrays.vert");
    let frag = fixture_root().join("vulkan/varying_arrays.frag");
    // The locations GLSL gives each member (glslang numbers the block's members 2, 3, 7, 9).
    for (prefix, want) in [
        ("surface_uv", vec![2]),
        ("surface_basis", vec![3, 4, 5]),
        ("surface_fade", vec![7, 8]),
        ("surface_layer", vec![9]),
    ] {
        assert_eq!(located(&vert, false, prefix), want, "vertex {prefix}");
        assert_eq!(located(&frag, true, prefix), want, "fragment {prefix}");
    }
    assert_eq!(
        located(&vert, true, "inInstance"),
        (1..=8).collect::<Vec<_>>()
    );
    assert_eq!(located(&vert, true, "inWeights"), [9, 10, 11]);
    assert_eq!(located(&vert, true, "inUV"), [12]);
    // Every output of the vertex stage is an input of the fragment stage at the same
    // location (the names differ only where the user's do: `outTint` / `inTint`).
    let outputs: Vec<u32> = locations(&prism_spirv(&vert))
        .into_iter()
        .filter(|(input, ..)| !input)
        .map(|(_, _, l)| l)
        .collect();
    let inputs: Vec<u32> = locations(&prism_spirv(&frag))
        .into_iter()
        .filter(|(input, ..)| *input)
        .map(|(_, _, l)| l)
        .collect();
    assert_eq!(outputs, inputs);
    assert_eq!(outputs, (0..=13).filter(|l| *l != 6).collect::<Vec<_>>());
}

#[test]
fn struct_members_of_blocks_and_struct_variables_take_their_members_locations() {
    // A block member and a struct variable member of struct type: each of its members takes
    // its own location (naga numbered the member as one, so the next collided: `E-VALID`).
    let path = inline_shader(
        "nested_io.vert",
        "#version 450\nstruct Inner { vec2 uv; float w; mat2 m; };\n\
         struct Outer { Inner a; vec3 n; };\n\
         layout(location = 0) in vec3 pos;\n\
         layout(location = 0) out VS { Inner a; flat int id; } vs;\n\
         layout(location = 5) out Outer o;\nlayout(location = 10) out vec4 tail;\n\
         void main() { vs.a.uv = pos.xy; vs.a.w = 1.0; vs.a.m = mat2(2.0); vs.id = 3;\n\
           o.a.uv = pos.yx; o.a.w = 0.5; o.a.m[1] = pos.xz; o.n = pos; tail = vec4(pos, 1.0);\n\
           gl_Position = vec4(pos, 1.0); }\n",
    );
    assert_eq!(located(&path, false, "vs_a_uv"), [0]);
    assert_eq!(located(&path, false, "vs_a_w"), [1]);
    assert_eq!(located(&path, false, "vs_a_m"), [2, 3]);
    assert_eq!(located(&path, false, "vs_id"), [4]);
    assert_eq!(located(&path, false, "o_a_uv"), [5]);
    assert_eq!(located(&path, false, "o_a_m"), [7, 8]);
    assert_eq!(located(&path, false, "o_n"), [9]);
    assert_eq!(located(&path, false, "tail"), [10]);
}
