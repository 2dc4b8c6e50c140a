//! Arrays of arrays keep GLSL's meaning through naga's GLSL reader: `float a[4][64]` is 4
//! arrays of 64 floats (the dialect layer reverses declaration specifiers, see
//! `src/dialect/arrays.rs`).

mod common;

use codespan_reporting::diagnostic::LabelStyle;
use prism::back::{Output, Target};
use prism::pipeline::{compile_text, Compilation, CompileOptions};
use prism::shader::InputKind;
use prism::shader::Stage;

use common::compile_glsl as compile;

fn wgsl(c: &Compilation) -> String {
    match c.emit(Target::Wgsl).expect("WGSL output") {
        Output::Text(text) => text,
        Output::Binary(_) => panic!("WGSL is text"),
    }
}

const KERNEL: &str = "#version 450
layout(local_size_x = 64) in;
layout(std430, binding = 0) buffer B { float data[]; };
shared float a[4][64];
void main() {
    uint i = gl_LocalInvocationID.x;
    a[1][i] = data[i];
    barrier();
    data[i] = a[1][63 - i] + a[0][5] + a[3][63];
}
";

#[test]
fn shared_4x64_is_four_arrays_of_64() {
    let c = compile("arr2.comp", KERNEL, Stage::Compute).expect("compiles");
    let text = wgsl(&c);
    assert!(
        text.contains("var<workgroup> a: array<array<f32, 64>, 4>;"),
        "{text}"
    );
    // The index expressions are untouched: `a[3][63]` stays the last element.
    assert!(text.contains("a[3][63]"), "{text}");
}

/// The components of a constant's initializer, walking `path` through nested compositions.
fn const_element(c: &Compilation, name: &str, path: &[usize]) -> naga::Literal {
    let module = &c.parsed.module;
    let (_, constant) = module
        .constants
        .iter()
        .find(|(_, k)| k.name.as_deref() == Some(name))
        .unwrap_or_else(|| panic!("constant {name}"));
    let mut expr = constant.init;
    for &k in path {
        match &module.global_expressions[expr] {
            naga::Expression::Compose { components, .. } => expr = components[k],
            other => panic!("{name}: expected a composition, got {other:?}"),
        }
    }
    match module.global_expressions[expr] {
        naga::Expression::Literal(l) => l,
        ref other => panic!("{name}: expected a literal, got {other:?}"),
    }
}

/// Outer to inner sizes of a constant's array type.
fn const_dims(c: &Compilation, name: &str) -> Vec<u32> {
    let module = &c.parsed.module;
    let (_, constant) = module
        .constants
        .iter()
        .find(|(_, k)| k.name.as_deref() == Some(name))
        .unwrap_or_else(|| panic!("constant {name}"));
    let mut dims = Vec::new();
    let mut ty = constant.ty;
    while let naga::TypeInner::Array { base, size, .. } = module.types[ty].inner {
        match size {
            naga::ArraySize::Constant(n) => dims.push(n.get()),
            other => panic!("{name}: unexpected size {other:?}"),
        }
        ty = base;
    }
    dims
}

#[test]
fn constant_2x3_evaluates_in_glsl_order() {
    let source = "#version 450
layout(local_size_x = 1) in;
layout(std430, binding = 0) buffer B { float data[]; };
const float m[2][3] = float[2][3](float[3](1.0, 2.0, 3.0), float[3](4.0, 5.0, 6.0));
const float[3] mixed[2] = float[2][3](float[3](1.0, 2.0, 3.0), float[3](4.0, 5.0, 6.0));
const float[2][3] typed = float[2][3](float[3](1.0, 2.0, 3.0), float[3](4.0, 5.0, 6.0));
const int cube[2][3][4] = int[2][3][4](
    int[3][4](int[4](0, 1, 2, 3), int[4](4, 5, 6, 7), int[4](8, 9, 10, 11)),
    int[3][4](int[4](12, 13, 14, 15), int[4](16, 17, 18, 19), int[4](20, 21, 22, 23)));
void main() {
    data[0] = m[1][2] + mixed[1][2] + typed[1][2] + float(cube[1][2][3]);
}
";
    let c = compile("m.comp", source, Stage::Compute).expect("compiles");
    for name in ["m", "mixed", "typed"] {
        assert_eq!(const_dims(&c, name), [2, 3], "{name}");
        assert_eq!(
            const_element(&c, name, &[1, 2]),
            naga::Literal::F32(6.0),
            "{name}[1][2]"
        );
        assert_eq!(
            const_element(&c, name, &[0, 1]),
            naga::Literal::F32(2.0),
            "{name}[0][1]"
        );
    }
    assert_eq!(const_dims(&c, "cube"), [2, 3, 4]);
    assert_eq!(
        const_element(&c, "cube", &[1, 2, 3]),
        naga::Literal::I32(23)
    );
    assert_eq!(const_element(&c, "cube", &[0, 2, 1]), naga::Literal::I32(9));
}

fn first_error(source: &str, stage: Stage) -> (String, String, usize) {
    let failure = match compile("bad.glsl", source, stage) {
        Ok(_) => panic!("expected a diagnostic"),
        Err(f) => f,
    };
    let first = &failure.diagnostics[0];
    let line = first
        .labels
        .iter()
        .find(|l| l.style == LabelStyle::Primary)
        .map(|l| failure.files.get(l.file_id).line_col(l.range.start).0)
        .expect("a primary label");
    (failure.kind().to_string(), first.message.clone(), line)
}

#[test]
fn out_of_bounds_index_points_at_the_users_line() {
    let source = "#version 450
layout(local_size_x = 1) in;
layout(std430, binding = 0) buffer B { float data[]; };
shared float a[4][64];
void main() {
    data[0] = a[3][63];
    data[1] = a[4][0];
}
";
    let (code, message, line) = first_error(source, Stage::Compute);
    assert_eq!(line, 7, "{code}: {message}");
}

#[test]
fn arrays_of_arrays_of_io_and_opaque_types_are_unsupported() {
    let io = "#version 450
layout(location = 0) out vec4 color;
layout(location = 0) in vec4 weights[2][2];
void main() { color = weights[1][1]; }
";
    let (code, message, line) = first_error(io, Stage::Fragment);
    assert_eq!(code, "E-UNSUPPORTED", "{message}");
    assert_eq!(line, 3);
    assert!(message.contains("inputs and outputs"), "{message}");

    let mixed_io = "#version 450
layout(location = 0) out vec4 color;
layout(location = 0) in vec4[2] weights[2];
void main() { color = weights[1][1]; }
";
    let (code, _, line) = first_error(mixed_io, Stage::Fragment);
    assert_eq!((code.as_str(), line), ("E-UNSUPPORTED", 3));

    let samplers = "#version 450
layout(location = 0) out vec4 color;
layout(binding = 0) uniform sampler2D tiles[2][2];
void main() { color = texture(tiles[1][0], vec2(0.5)); }
";
    let (code, message, line) = first_error(samplers, Stage::Fragment);
    assert_eq!(code, "E-UNSUPPORTED", "{message}");
    assert_eq!(line, 3);

    // One dimension is still fine.
    let one = "#version 450
layout(location = 0) out vec4 color;
layout(location = 0) in vec4 weights[2];
void main() { color = weights[1]; }
";
    compile("one.frag", one, Stage::Fragment).expect("one-dimensional inputs compile");
}

#[test]
fn wgsl_input_is_untouched() {
    let source = "var<workgroup> a: array<array<f32, 64>, 4>;
@group(0) @binding(0) var<storage, read_write> data: array<f32>;
@compute @workgroup_size(64)
fn main(@builtin(local_invocation_index) i: u32) {
    a[3][i] = data[i];
    workgroupBarrier();
    data[i] = a[3][63u - i];
}
";
    let c = compile_text(
        "a.wgsl",
        source,
        InputKind::Wgsl,
        Some(Stage::Compute),
        &CompileOptions::default(),
    )
    .expect("compiles");
    assert!(wgsl(&c).contains("array<array<f32, 64>, 4>"));
}
