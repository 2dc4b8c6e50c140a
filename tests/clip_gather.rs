//! `gl_ClipDistance` / `gl_CullDistance` sized as glslang sizes them, and `textureGather` with
//! a depth reference or a constant-expression component (see
//! `src/front/glsl/intrinsics/clip_distances.rs` and `gather.rs`). The sizes are read back
//! from the SPIR-V prism writes, so a wrong size fails here whatever the IR looked like.

mod common;

use prism::back::{Output, Target};
use prism::pipeline::{compile_path, compile_text, Compilation, CompileOptions};
use prism::shader::{InputKind, Stage};

fn compile(source: &str, stage: Stage) -> Result<Compilation, prism::pipeline::Failure> {
    compile_text(
        "case",
        source,
        InputKind::Glsl,
        Some(stage),
        &CompileOptions::default(),
    )
}

fn fixture(rel: &str) -> Compilation {
    let path = common::fixture_root().join(rel);
    compile_path(&path, &CompileOptions::default())
        .unwrap_or_else(|f| panic!("{rel} does not compile: {:?}", f.diagnostics))
}

fn spirv_words(c: &Compilation) -> Vec<u32> {
    match c.emit(Target::Spirv).expect("SPIR-V output") {
        Output::Binary(bytes) => bytes
            .chunks_exact(4)
            .map(|w| u32::from_le_bytes([w[0], w[1], w[2], w[3]]))
            .collect(),
        Output::Text(_) => panic!("SPIR-V is binary"),
    }
}

/// SPIR-V instructions after the header: (opcode, operands).
fn instructions(words: &[u32]) -> Vec<(u32, &[u32])> {
    let mut out = Vec::new();
    let mut i = 5;
    while i < words.len() {
        let count = (words[i] >> 16) as usize;
        assert!(count > 0, "malformed SPIR-V");
        out.push((words[i] & 0xffff, &words[i + 1..i + count]));
        i += count;
    }
    out
}

const OP_DECORATE: u32 = 71;
const OP_VARIABLE: u32 = 59;
const OP_TYPE_POINTER: u32 = 32;
const OP_TYPE_ARRAY: u32 = 28;
const OP_TYPE_RUNTIME_ARRAY: u32 = 29;
const OP_CONSTANT: u32 = 43;
const OP_IMAGE_GATHER: u32 = 96;
const OP_IMAGE_DREF_GATHER: u32 = 97;
const DECORATION_BUILT_IN: u32 = 11;
const BUILT_IN_CLIP_DISTANCE: u32 = 3;
const BUILT_IN_CULL_DISTANCE: u32 = 4;

/// The array length of the variable decorated with `built_in`, if there is one.
fn builtin_array_length(words: &[u32], built_in: u32) -> Option<u32> {
    let insts = instructions(words);
    let find = |op: u32, id: u32, at: usize| {
        insts
            .iter()
            .find(|(o, ops)| *o == op && ops.get(at) == Some(&id))
            .map(|(_, ops)| *ops)
    };
    let var = insts.iter().find_map(|(op, ops)| {
        (*op == OP_DECORATE && ops[1] == DECORATION_BUILT_IN && ops.get(2) == Some(&built_in))
            .then(|| ops[0])
    })?;
    let pointer = find(OP_VARIABLE, var, 1)?[0];
    let array = find(OP_TYPE_POINTER, pointer, 0)?[2];
    let length = find(OP_TYPE_ARRAY, array, 0)?[2];
    Some(find(OP_CONSTANT, length, 1)?[2])
}

fn count_op(words: &[u32], opcode: u32) -> usize {
    instructions(words)
        .iter()
        .filter(|(op, _)| *op == opcode)
        .count()
}

#[test]
fn clip_distance_sizes_in_spirv() {
    let cases = [
        ("vulkan/clip_planes.vert", Some(2), None),
        ("vulkan/clip_implicit.vert", Some(3), None),
        ("desktop/clip_redeclared_410.vert", Some(4), None),
        ("vulkan/cull_distance.vert", Some(1), Some(1)),
    ];
    for (rel, clip, cull) in cases {
        let words = spirv_words(&fixture(rel));
        assert_eq!(
            builtin_array_length(&words, BUILT_IN_CLIP_DISTANCE),
            clip,
            "{rel}"
        );
        assert_eq!(
            builtin_array_length(&words, BUILT_IN_CULL_DISTANCE),
            cull,
            "{rel}"
        );
    }
}

#[test]
fn implicit_sizes_follow_the_highest_constant_index() {
    // Clip distances written before gl_Position, cull distances after: both sized, each
    // from its own highest index; the storage buffer's `float[]` stays a runtime array.
    let source = "#version 450
layout(location = 0) in vec3 p;
layout(std430, binding = 0) readonly buffer B { float weights[]; };
void main() {
    gl_ClipDistance[5] = p.x * weights[0];
    gl_Position = vec4(p, 1.0);
    gl_CullDistance[1] = p.y;
    gl_ClipDistance[2] = p.z;
}
";
    let words = spirv_words(&compile(source, Stage::Vertex).expect("compiles"));
    assert_eq!(
        builtin_array_length(&words, BUILT_IN_CLIP_DISTANCE),
        Some(6)
    );
    assert_eq!(
        builtin_array_length(&words, BUILT_IN_CULL_DISTANCE),
        Some(2)
    );
    assert_eq!(count_op(&words, OP_TYPE_RUNTIME_ARRAY), 1);
}

#[test]
fn loose_redeclaration_sizes_and_goes() {
    let source = "#version 450
layout(location = 0) in vec3 p;
const int PLANES = 3;
out float gl_ClipDistance[PLANES + 2];
layout(location = 0) out float planes;
void main() {
    gl_Position = vec4(p, 1.0);
    for (int i = 0; i < PLANES; ++i) gl_ClipDistance[i] = p[i];
    planes = float(gl_ClipDistance.length());
}
";
    let c = compile(source, Stage::Vertex).expect("compiles");
    let words = spirv_words(&c);
    assert_eq!(
        builtin_array_length(&words, BUILT_IN_CLIP_DISTANCE),
        Some(5)
    );
    // No user output took its place, and the size constant is gone.
    let outputs = c.parsed.module.entry_points[0]
        .function
        .result
        .as_ref()
        .expect("outputs");
    let naga::TypeInner::Struct { members, .. } = &c.parsed.module.types[outputs.ty].inner else {
        panic!("output struct");
    };
    assert_eq!(members.len(), 3, "{members:?}");
    // `.length()` is the declared size.
    let wgsl = c.emit(Target::Wgsl).expect("WGSL output");
    let wgsl = wgsl.as_text().expect("text");
    assert!(wgsl.contains("f32(i32(5u))"), "{wgsl}");
    assert!(c
        .parsed
        .module
        .constants
        .iter()
        .all(|(_, k)| k.name.as_deref() != Some("prism_clip_distances")));
}

/// The first error: code, message, line, column.
fn first_error(source: &str, stage: Stage) -> (String, String, usize, usize) {
    let failure = compile(source, stage).err().expect("must not compile");
    let first = &failure.diagnostics[0];
    let label = first.labels.first().expect("located");
    let loc = prism::source::Loc {
        file: label.file_id,
        start: label.range.start as u32,
        end: label.range.end as u32,
    };
    let (line, col) = failure.files.line_col(loc);
    (
        first.code.clone().unwrap_or_default(),
        first.message.clone(),
        line,
        col,
    )
}

#[test]
fn clip_distance_errors_match_glslang() {
    // (source, words, line, column): glslang reports each on the same line.
    let cases = [
        (
            "#version 450\nlayout(location=0) in vec3 p;\nvoid main() {\n  gl_Position = vec4(p, 1.0);\n  for (int i = 0; i < 2; i++) gl_ClipDistance[i] = p.x;\n}\n",
            "must be redeclared with a size",
            5,
            46,
        ),
        (
            "#version 450\nlayout(location=0) in vec3 p;\nvoid main() {\n  gl_Position = vec4(p, 1.0);\n  gl_CullDistance[8] = p.x;\n}\n",
            "index 8 out of range",
            5,
            18,
        ),
        (
            "#version 450\nlayout(location=0) in vec3 p;\nout float gl_ClipDistance[2];\nvoid main() {\n  gl_Position = vec4(p, 1.0);\n  gl_ClipDistance[2] = p.x;\n}\n",
            "index 2 out of range",
            6,
            18,
        ),
        (
            "#version 450\nlayout(location=0) in vec3 p;\nlayout(location=0) out float n;\nvoid main() {\n  gl_ClipDistance[0] = p.x;\n  n = float(gl_ClipDistance.length());\n}\n",
            "needs a size",
            6,
            28,
        ),
    ];
    for (source, words, line, col) in cases {
        let (code, message, l, c) = first_error(source, Stage::Vertex);
        assert_eq!(code, "E-DIALECT", "{message}");
        assert!(message.contains(words), "{message}");
        assert_eq!((l, c), (line, col), "{message}");
    }
}

#[test]
fn depth_gathers_are_gathers() {
    for (rel, gathers) in [
        ("vulkan/shadow_gather_pcf.frag", 5),
        ("vulkan/shadow_gather_cube.frag", 3),
        ("vulkan/shadow_gather_cube_array.frag", 1),
        ("desktop/gl400.frag", 1),
    ] {
        let c = fixture(rel);
        let words = spirv_words(&c);
        assert_eq!(count_op(&words, OP_IMAGE_DREF_GATHER), gathers, "{rel}");
        // The stub the call went through is gone.
        assert!(
            c.parsed
                .module
                .functions
                .iter()
                .all(|(_, f)| f.name.as_deref() != Some("prism_gather_compare")),
            "{rel}"
        );
    }
}

#[test]
fn constant_components_are_folded() {
    let c = fixture("vulkan/gather_components.frag");
    assert_eq!(count_op(&spirv_words(&c), OP_IMAGE_GATHER), 3);
    let mut components = Vec::new();
    let functions = c
        .parsed
        .module
        .functions
        .iter()
        .map(|(_, f)| f)
        .chain(c.parsed.module.entry_points.iter().map(|e| &e.function));
    for function in functions {
        for (_, e) in function.expressions.iter() {
            if let naga::Expression::ImageSample {
                gather: Some(g), ..
            } = e
            {
                components.push(*g);
            }
        }
    }
    use naga::SwizzleComponent::{W, X, Y};
    assert_eq!(components, vec![W, Y, X]);
}

#[test]
fn gather_component_errors_match_glslang() {
    let head = "#version 450\nlayout(binding=0) uniform sampler2D s;\nlayout(location=0) in vec2 uv;\nlayout(location=1) flat in int k;\nlayout(location=0) out vec4 o;\nconst int C = 1;\n";
    let cases = [
        (
            "void main() { o = textureGather(s, uv, k); }\n",
            "compile-time constant",
            19,
        ),
        (
            "void main() { o = textureGather(s, uv, 4); }\n",
            "must be 0, 1, 2 or 3",
            40,
        ),
        (
            "void main() { o = textureGather(s, uv, C - 2); }\n",
            "must be 0, 1, 2 or 3",
            19,
        ),
        (
            "void main() { int c = 1; o = textureGather(s, uv, c); }\n",
            "compile-time constant",
            30,
        ),
    ];
    for (body, words, col) in cases {
        let (code, message, line, c) = first_error(&format!("{head}{body}"), Stage::Fragment);
        assert_eq!(code, "E-DIALECT", "{body}: {message}");
        assert!(message.contains(words), "{body}: {message}");
        assert_eq!((line, c), (7, col), "{body}: {message}");
    }
}

#[test]
fn splat_gather_offsets_reach_glsl() {
    // `ivec2(1)` as a gather offset made naga's GLSL writer panic.
    let source = "#version 450
layout(binding = 0) uniform sampler2D s;
layout(location = 0) in vec2 uv;
layout(location = 0) out vec4 o;
void main() { o = textureGatherOffset(s, uv, ivec2(1), 2); }
";
    let c = compile(source, Stage::Fragment).expect("compiles");
    let glsl = c.emit(Target::Glsl).expect("GLSL output");
    let text = glsl.as_text().expect("text");
    assert!(text.contains("ivec2(1, 1), 2)"), "{text}");
}

#[test]
fn shadow_or_colour_by_the_declaration_in_scope() {
    // `s` is a colour sampler in one function and a shadow sampler in the other: the
    // third argument is a component in the first call and a depth reference in the second.
    let source = "#version 450
layout(binding = 0) uniform sampler2D tex;
layout(binding = 1) uniform sampler2DShadow shadowMap;
layout(location = 0) in vec3 uv;
layout(location = 0) out vec4 o;
vec4 colour(sampler2D s) { return textureGather(s, uv.xy, 1); }
vec4 depth(sampler2DShadow s) { return textureGather(s, uv.xy, uv.z); }
void main() { o = colour(tex) + depth(shadowMap) + textureGather(shadowMap, uv.xy, 0.5); }
";
    let words = spirv_words(&compile(source, Stage::Fragment).expect("compiles"));
    assert_eq!(count_op(&words, OP_IMAGE_GATHER), 1);
    assert_eq!(count_op(&words, OP_IMAGE_DREF_GATHER), 2);
}

/// HLSL refuses clip and cull distance outputs (naga's writer drops the array size): the
/// error is at the shader's first write of one, not at the top of the file.
#[test]
fn hlsl_clip_distance_refusal_is_at_the_first_write() {
    let source = "#version 450\nlayout(location = 0) in vec4 p;\nvoid main() {\n  gl_Position = p;\n  if (p.x > 0.0) {\n    gl_ClipDistance[1] = p.y;\n  }\n  gl_ClipDistance[0] = p.z;\n}\n";
    let c = compile(source, Stage::Vertex).expect("compiles");
    let err = c.emit(Target::Hlsl).expect_err("HLSL is refused");
    assert_eq!(err.code.as_deref(), Some("E-TARGET"));
    assert!(err.message.contains("SV_ClipDistance"), "{}", err.message);
    let label = err.labels.first().expect("located");
    let text = &c.files.get(label.file_id).text;
    let line = text[..label.range.start].matches('\n').count() + 1;
    assert_eq!(
        (line, &text[label.range.clone()]),
        (6, "gl_ClipDistance[1]")
    );
}
