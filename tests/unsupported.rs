//! Features naga's IR cannot express: an `E-UNSUPPORTED` error naming the feature, at the
//! line and column of its first use (never a parse error about something else), and stages
//! naga has no entry point for refused by file extension.

mod common;

use std::path::Path;

use prism::pipeline::{compile_path, compile_text, CompileOptions};
use prism::shader::{InputKind, Stage};

/// (shader, stage, expected words in the message, line, column)
const CASES: &[(&str, Stage, &str, usize, usize)] = &[
    (
        "#version 460\nlayout(location = 0) rayPayloadEXT vec3 hit;\nlayout(location=0) out vec4 o;\nvoid main() { o = vec4(1.0); }\n",
        Stage::Fragment,
        "ray tracing",
        2,
        22,
    ),
    (
        "#version 460\n#extension GL_EXT_buffer_reference : require\nlayout(buffer_reference) buffer Ref { vec4 v; };\nlayout(location=0) out vec4 o;\nvoid main() { o = vec4(1.0); }\n",
        Stage::Fragment,
        "GL_EXT_buffer_reference",
        3,
        8,
    ),
    (
        "#version 460\n#extension GL_EXT_ray_query : require\nlayout(binding = 0) uniform accelerationStructureEXT tlas;\nlayout(location=0) out vec4 o;\nvoid main() { o = vec4(1.0); }\n",
        Stage::Fragment,
        "ray queries (GL_EXT_ray_query",
        3,
        29,
    ),
    (
        "#version 450\n#extension GL_NV_shading_rate_image : require\nlayout(location=0) out vec4 o;\nvoid main() {\n  o = vec4(float(gl_InvocationsPerPixelNV), vec2(gl_FragmentSizeNV), 1.0);\n}\n",
        Stage::Fragment,
        "shading rate images (GL_NV_shading_rate_image",
        5,
        18,
    ),
    (
        "#version 450\n#extension GL_EXT_fragment_shader_barycentric : require\nlayout(location = 0) pervertexEXT in vec3 c[];\nlayout(location=0) out vec4 o;\nvoid main() { o = vec4(c[0], 1.0); }\n",
        Stage::Fragment,
        "per-vertex fragment inputs",
        3,
        22,
    ),
    (
        "#version 450\nlayout(binding=0) uniform sampler2D t;\nlayout(location=0) in vec2 uv;\nlayout(location=0) out vec4 o;\nvoid main() {\n  vec4 c;\n  int r = sparseTextureARB(t, uv, c);\n  o = c;\n}\n",
        Stage::Fragment,
        "sparse",
        7,
        11,
    ),
    (
        "#version 450\nlayout(location=0) out vec4 o;\nvoid main() { o = vec4(float(gl_ShadingRateEXT)); }\n",
        Stage::Fragment,
        "shading rate",
        3,
        30,
    ),
    (
        "#version 450\nlayout(local_size_x = 1) in;\nlayout(binding = 0, r32ui) uniform uimage2D img;\nvoid main() { imageAtomicExchange(img, ivec2(0), 1u); }\n",
        Stage::Compute,
        "image exchange",
        4,
        15,
    ),
    (
        "#version 450\nlayout(local_size_x = 1) in;\nlayout(binding = 0, r32ui) uniform uimage2D img;\nvoid main() { uint c = 0u;\n  uint v = imageAtomicCompSwap(img, ivec2(0), c, 1u); }\n",
        Stage::Compute,
        "compare-swap",
        5,
        12,
    ),
    (
        "#version 450\nlayout(local_size_x = 1) in;\nlayout(binding = 0, r32ui) uniform uimage2D img;\nvoid main() { uint v = imageAtomicAdd(img, ivec2(0), 1u); }\n",
        Stage::Compute,
        "the value `imageAtomicAdd` returns",
        4,
        24,
    ),
    (
        "#version 450\nlayout(local_size_x = 1) in;\nlayout(binding = 0, r32f) uniform image2D img;\nvoid main() {\n  imageAtomicMax(img, ivec2(0), 1.0);\n}\n",
        Stage::Compute,
        "`r32f` image",
        5,
        3,
    ),
    (
        "#version 450\nlayout(local_size_x = 1) in;\nlayout(binding = 0, r32ui) uniform uimage2D img;\nvoid main() { switch (1) { case 1: imageAtomicOr(img, ivec2(0), 1u); break; default: imageAtomicAnd(img, ivec2(0),\n imageAtomicXor(img, ivec2(1), 2u)); } }\n",
        Stage::Compute,
        "the value `imageAtomicXor` returns",
        5,
        2,
    ),
    (
        "#version 450\nlayout(location=0) out vec4 o;\nvoid main() {\n  o = vec4(gl_ClipDistance[0]);\n}\n",
        Stage::Fragment,
        "`gl_ClipDistance` in a fragment shader",
        4,
        12,
    ),
    (
        "#version 450\nlayout(binding=0) uniform usampler2D ids;\nlayout(location=0) in vec2 uv;\nlayout(location=0) out uvec4 o;\nvoid main() { o = textureGrad(ids, uv, vec2(0.01), vec2(0.01)); }\n",
        Stage::Fragment,
        "integer texture (`usampler*`)",
        5,
        19,
    ),
    (
        "#version 450\n#extension GL_ARB_shader_viewport_layer_array : require\nlayout(location = 0) in vec3 p;\nvoid main() {\n  gl_Layer = gl_InstanceIndex;\n  gl_Position = vec4(p, 1.0);\n}\n",
        Stage::Vertex,
        "gl_Layer",
        5,
        3,
    ),
    (
        "#version 450\nlayout(binding = 0) uniform sampler2D t;\nlayout(location = 0) in vec2 uv;\nlayout(location = 0) out vec4 o;\nvoid main() { o = vec4(textureQueryLod(t, uv), 0.0, 1.0); }\n",
        Stage::Fragment,
        "textureQueryLod",
        5,
        24,
    ),
    (
        "#version 450\nlayout(location = 0) out vec4 o;\nvoid main() {\n  o = vec4(gl_HelperInvocation ? 0.0 : 1.0);\n}\n",
        Stage::Fragment,
        "gl_HelperInvocation",
        4,
        12,
    ),
    (
        "#version 450\nlayout(location = 0) out vec4 o;\nvoid main() { o = vec4(gl_SamplePosition, 0.0, 1.0); }\n",
        Stage::Fragment,
        "gl_SamplePosition",
        3,
        24,
    ),
    (
        "#version 450\n#extension GL_EXT_scalar_block_layout : require\nlayout(set = 0, binding = 0, scalar) readonly buffer B { vec3 data[]; };\nlayout(location = 0) out vec4 o;\nvoid main() { float scalar = 1.0; o = vec4(data[0], scalar); }\n",
        Stage::Fragment,
        "scalar block layout",
        3,
        30,
    ),
    (
        "#version 450\nlayout(location = 0) in vec2 uv;\nlayout(location = 0) out vec4 o;\nvoid main() { o = vec4(interpolateAtCentroid(uv), 0.0, 1.0); }\n",
        Stage::Fragment,
        "interpolateAt",
        4,
        24,
    ),
    (
        "#version 450\n#extension GL_ARB_gpu_shader_int64 : require\nlayout(local_size_x = 1) in;\nlayout(binding = 0) buffer B { uint64_t v[]; };\nvoid main() { v[0] = uint64_t(1u); }\n",
        Stage::Compute,
        "64-bit integers",
        4,
        32,
    ),
    (
        "#version 450\nlayout(local_size_x = 1) in;\nlayout(set = 0, binding = 0, rgba8) uniform readonly image2DMS img;\nlayout(std430, binding = 1) buffer B { int n; };\nvoid main() {\n  n = imageSamples(img);\n}\n",
        Stage::Compute,
        "multisampled storage images",
        3,
        54,
    ),
    // An array of structs inside an input/output: naga numbers it as one location
    // (`E-VALID` at 1:1 before). Members of struct type are flattened
    // (`tests/varying_locations.rs`).
    (
        "#version 450\nstruct Inner { vec2 uv; };\nstruct Outer { Inner a[2]; vec3 n; };\nlayout(location = 0) in vec3 pos;\nlayout(location = 0) out Outer v;\nvoid main() { v.a[0].uv = pos.xy; v.a[1].uv = pos.yx; v.n = pos; gl_Position = vec4(pos, 1.0); }\n",
        Stage::Vertex,
        "holding an array of struct `Inner`",
        5,
        32,
    ),
    // `matCx2` members of a struct std430 blocks hold go column by column
    // (`dialect::struct_members`): an array of them, a base with side effects (repeated per
    // column) and a whole write inside an expression cannot.
    (
        "#version 450\nlayout(local_size_x = 1) in;\nstruct S { mat2 ms[2]; float w; };\nlayout(std430, binding = 0) buffer B { S s[]; };\nvoid main() { s[0].w = s[0].ms[1][0].x; }\n",
        Stage::Compute,
        "`ms`, an array of `mat2`, in a struct that a std430 block holds",
        3,
        17,
    ),
    (
        "#version 450\nlayout(local_size_x = 1) in;\nstruct S { mat2 m; float w; };\nlayout(std430, binding = 0) buffer B { S s[]; };\nvoid main() {\n  uint i = 0u;\n  mat2 m = s[i++].m;\n  s[0].w = m[0][0];\n}\n",
        Stage::Compute,
        "read or written through an expression with side effects",
        7,
        19,
    ),
    (
        "#version 450\nlayout(local_size_x = 1) in;\nstruct S { mat2 m; float w; };\nlayout(std430, binding = 0) buffer B { S s[]; };\nvoid main() {\n  mat2 m = (s[0].m = mat2(2.0));\n  s[0].w = m[0][0];\n}\n",
        Stage::Compute,
        "assigned inside an expression",
        6,
        18,
    ),
];

#[test]
fn unsupported_features_are_located_errors() {
    for (i, (text, stage, words, line, col)) in CASES.iter().enumerate() {
        let failure = match compile_text(
            &format!("case{i}"),
            text,
            InputKind::Glsl,
            Some(*stage),
            &CompileOptions::default(),
        ) {
            Ok(_) => panic!("case {i} compiled; expected E-UNSUPPORTED ({words})"),
            Err(f) => f,
        };
        common::assert_unsupported_at(&failure, i, words, (*line, *col));
    }
}

/// An `#extension` line alone refuses nothing: only what the shader uses from it.
#[test]
fn an_extension_enabled_and_unused_compiles() {
    for ext in [
        "GL_EXT_ray_tracing",
        "GL_NV_ray_tracing",
        "GL_EXT_ray_query",
        "GL_EXT_mesh_shader",
        "GL_EXT_buffer_reference",
        "GL_NV_shading_rate_image",
    ] {
        let text = format!(
            "#version 460\n#extension {ext} : enable\nlayout(location=0) out vec4 o;\nvoid main() {{ o = vec4(1.0); }}\n"
        );
        compile_text(
            "ext.frag",
            &text,
            InputKind::Glsl,
            Some(Stage::Fragment),
            &CompileOptions::default(),
        )
        .unwrap_or_else(|_| panic!("{ext} enabled and unused did not compile"));
    }
}

/// naga 30's IR has mesh, task, ray generation, miss, closest-hit and any-hit entry points:
/// the message says its GLSL reader is what lacks them; for the others, the IR.
#[test]
fn stage_messages_name_what_naga_lacks() {
    let dir = tempfile::tempdir().expect("tmp");
    for (ext, reason) in [
        ("mesh", "its GLSL reader cannot read it"),
        ("task", "its GLSL reader cannot read it"),
        ("rgen", "its GLSL reader cannot read it"),
        ("rmiss", "its GLSL reader cannot read it"),
        ("rchit", "its GLSL reader cannot read it"),
        ("rahit", "its GLSL reader cannot read it"),
        ("rint", "naga's IR has no such stage"),
        ("rcall", "naga's IR has no such stage"),
        ("geom", "naga's IR has no such stage"),
        ("tesc", "naga's IR has no such stage"),
    ] {
        let path = dir.path().join(format!("s.{ext}"));
        std::fs::write(&path, "#version 460\nvoid main() {}\n").expect("write");
        let failure = compile_path(Path::new(&path), &CompileOptions::default())
            .err()
            .unwrap_or_else(|| panic!(".{ext} compiled"));
        let message = &failure.diagnostics[0].message;
        assert!(message.contains(reason), ".{ext}: {message}");
    }
}

#[test]
fn unsupported_stages_by_extension() {
    let dir = tempfile::tempdir().expect("tmp");
    for ext in [
        "geom", "tesc", "tese", "rgen", "rchit", "rmiss", "rahit", "rint", "rcall", "mesh", "task",
    ] {
        let path = dir.path().join(format!("s.{ext}"));
        std::fs::write(&path, "#version 460\nvoid main() {}\n").expect("write");
        let failure = compile_path(Path::new(&path), &CompileOptions::default())
            .err()
            .unwrap_or_else(|| panic!(".{ext} compiled"));
        assert_eq!(failure.kind(), "E-UNSUPPORTED", ".{ext}");
    }
}

#[test]
fn scalar_as_a_name_is_not_the_scalar_layout() {
    let text = "#version 450\nlayout(set = 0, binding = 0, std430) readonly buffer B { vec4 data[]; };\nlayout(location = 0) out vec4 o;\nvoid main() { float scalar = 2.0; o = data[0] * scalar; }\n";
    compile_text(
        "scalar_name.frag",
        text,
        InputKind::Glsl,
        Some(Stage::Fragment),
        &CompileOptions::default(),
    )
    .expect("a variable named `scalar` compiles");
}

/// `debugPrintfEXT` (GL_EXT_debug_printf): a call that is a statement of its own is dropped
/// with one located warning; one whose arguments change values is refused at the call.
#[test]
fn debug_printf_is_dropped_with_a_warning() {
    let text = "#version 450\n#extension GL_EXT_debug_printf : enable\nlayout(location=0) out vec4 o;\nvoid main() {\n  int i = 2;\n  if (i > 1) debugPrintfEXT(\"i = %d\", i);\n  debugPrintfEXT(\"done\");\n  o = vec4(float(i));\n}\n";
    let compiled = compile_text(
        "printf.frag",
        text,
        InputKind::Glsl,
        Some(Stage::Fragment),
        &CompileOptions::default(),
    )
    .unwrap_or_else(|f| panic!("does not compile: {:?}", f.diagnostics));
    let warnings: Vec<_> = compiled
        .parsed
        .warnings
        .iter()
        .filter(|w| w.message.contains("debugPrintfEXT"))
        .collect();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].message.contains("2 calls"),
        "{}",
        warnings[0].message
    );
    let label = warnings[0].labels.first().expect("located");
    let loc = prism::source::Loc {
        file: label.file_id,
        start: label.range.start as u32,
        end: label.range.end as u32,
    };
    assert_eq!(compiled.files.line_col(loc), (6, 14));

    let refused = text.replace("debugPrintfEXT(\"done\")", "debugPrintfEXT(\"%d\", i++)");
    let failure = compile_text(
        "printf.frag",
        &refused,
        InputKind::Glsl,
        Some(Stage::Fragment),
        &CompileOptions::default(),
    )
    .err()
    .expect("a printf that changes `i` is refused");
    common::assert_unsupported_at(&failure, 0, "GL_EXT_debug_printf", (7, 3));
}

/// A struct input whose struct member takes one location compiles, at glslang's locations.
#[test]
fn a_nested_struct_of_one_location_compiles() {
    let text = "#version 450\nstruct Inner { vec2 uv; };\nstruct Outer { Inner a; vec3 n; };\n\
        layout(location = 0) in Outer v;\nlayout(location = 0) out vec4 o;\n\
        void main() { o = vec4(v.a.uv, v.n.x, 1.0); }\n";
    let compiled = compile_text(
        "nested.frag",
        text,
        InputKind::Glsl,
        Some(Stage::Fragment),
        &CompileOptions::default(),
    );
    assert!(
        compiled.is_ok(),
        "{:?}",
        compiled.err().map(|f| f.diagnostics)
    );
}
