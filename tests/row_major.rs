//! `row_major` block matrices: declared with the transposed type (the same memory), each read
//! wrapped in `transpose()`; writes refused with a located E-UNSUPPORTED.

use prism::pipeline::{compile_text, Compilation, CompileOptions, Failure};
use prism::shader::{InputKind, Stage};

fn compile(text: &str, stage: Stage) -> Result<Compilation, Failure> {
    compile_text(
        "rm.glsl",
        text,
        InputKind::Glsl,
        Some(stage),
        &CompileOptions::default(),
    )
}

/// `(member name, columns, rows)` of each matrix member of the uniform block structs.
fn matrix_members(c: &Compilation) -> Vec<(String, u8, u8)> {
    let module = &c.parsed.module;
    let mut out = Vec::new();
    for (_, ty) in module.types.iter() {
        if let naga::TypeInner::Struct { members, .. } = &ty.inner {
            for m in members {
                let mut inner = &module.types[m.ty].inner;
                if let naga::TypeInner::Array { base, .. } = inner {
                    inner = &module.types[*base].inner;
                }
                if let naga::TypeInner::Matrix { columns, rows, .. } = inner {
                    out.push((
                        m.name.clone().unwrap_or_default(),
                        *columns as u8,
                        *rows as u8,
                    ));
                }
            }
        }
    }
    out.sort();
    out
}

/// How many `transpose()` calls each function of the module makes, all together.
fn transposes(c: &Compilation) -> usize {
    let module = &c.parsed.module;
    module
        .functions
        .iter()
        .map(|(_, f)| &f.expressions)
        .chain(module.entry_points.iter().map(|e| &e.function.expressions))
        .flat_map(|exprs| exprs.iter())
        .filter(|(_, e)| {
            matches!(
                e,
                naga::Expression::Math {
                    fun: naga::MathFunction::Transpose,
                    ..
                }
            )
        })
        .count()
}

#[test]
fn row_major_members_are_stored_transposed_and_read_through_transpose() {
    let text = "#version 300 es\nlayout(std140, row_major) uniform T {\n  mat4x3 bones[2];\n  layout(column_major) mat4 model;\n  mat2x4 uvs;\n} xf;\nin vec4 aPos;\nout vec4 vUv;\nvoid main() {\n  vUv = xf.uvs * vec2(aPos.xy);\n  gl_Position = xf.model * vec4(xf.bones[1] * aPos + xf.bones[0][3], 1.0);\n}\n";
    let c = compile(text, Stage::Vertex).unwrap_or_else(|f| panic!("{f:?}"));
    // mat4x3 row-major = mat3x4 column-major; mat2x4 = mat4x2; `model` stays.
    let members = matrix_members(&c);
    assert!(members.contains(&("bones".into(), 3, 4)), "{members:?}");
    assert!(members.contains(&("model".into(), 4, 4)), "{members:?}");
    assert!(
        !members.iter().any(|(n, ..)| n == "uvs") || members.contains(&("uvs".into(), 4, 2)),
        "{members:?}"
    );
    // Three reads of row-major members, each transposed; `model` is not.
    assert_eq!(transposes(&c), 3);
}

#[test]
fn a_default_row_major_applies_to_the_blocks_after_it() {
    let text = "#version 300 es\nlayout(std140) uniform A { mat4x2 before; };\nlayout(row_major) uniform;\nlayout(std140) uniform B { mat4x3 after; };\nin vec4 p;\nvoid main() { gl_Position = vec4(after * p, (before * p).x); }\n";
    let c = compile(text, Stage::Vertex).unwrap_or_else(|f| panic!("{f:?}"));
    assert_eq!(transposes(&c), 1);
    assert!(matrix_members(&c).contains(&("after".into(), 3, 4)));
}

#[test]
fn writing_a_row_major_buffer_matrix_is_refused_at_its_line() {
    let text = "#version 450\nlayout(local_size_x = 1) in;\nlayout(std430, row_major, binding = 0) buffer B { mat4 m; };\nvoid main() {\n  m = mat4(1.0);\n}\n";
    let f = compile(text, Stage::Compute).err().expect("refused");
    let d = &f.diagnostics[0];
    assert_eq!(d.code.as_deref(), Some("E-UNSUPPORTED"));
    let start = d.labels[0].range.start;
    assert_eq!(text[..start].matches('\n').count() + 1, 5);
}
