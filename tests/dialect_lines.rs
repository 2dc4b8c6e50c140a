//! The dialect layer's promise: naga reads the user's lines at the user's line numbers, and
//! every token of the text naga reads maps back to the user's own text.

mod common;

use prism::front::SpanMap;
use prism::pipeline::{compile_path, CompileOptions};

/// Single-file GLSL fixtures in every dialect.
fn glsl_fixtures() -> Vec<std::path::PathBuf> {
    ["webgl1", "webgl2", "desktop", "vulkan"]
        .iter()
        .flat_map(|d| common::fixtures(d))
        .filter(|p| prism::shader::InputKind::from_path(p).is_some_and(|(_, s)| s.is_some()))
        .collect()
}

#[test]
fn every_user_token_maps_back_to_its_own_text_and_line() {
    let mut checked = 0;
    let mut problems = Vec::new();
    for path in glsl_fixtures() {
        let Ok(compiled) = compile_path(&path, &CompileOptions::default()) else {
            continue; // known gaps: tests/snapshots.rs keeps that list
        };
        let SpanMap::Mapped(map) = &compiled.parsed.spans else {
            panic!("GLSL input without a span map");
        };
        let text = compiled.parsed.naga_text.as_deref().unwrap();
        let out_lines: Vec<usize> = text
            .char_indices()
            .filter(|(_, c)| *c == '\n')
            .map(|(i, _)| i)
            .collect();
        let out_line = |offset: usize| out_lines.partition_point(|&nl| nl < offset) + 1;
        let file = compiled.files.get(compiled.root);
        let (mut same, mut total, mut aligned) = (0, 0, 0);
        for (range, loc, synthesized) in map.entries() {
            if loc.file != compiled.root || synthesized {
                continue;
            }

            total += 1;
            let emitted = &text[range.clone()];
            let source = &file.text[loc.range()];
            if emitted == source {
                same += 1;
                let (line, _) = file.line_col(loc.start as usize);
                if out_line(range.start) == line {
                    aligned += 1;
                }
            }
        }
        checked += 1;
        // Renamed and generated tokens are marked synthesized; every other token must be
        // exactly the user's text at its location.
        if same != total {
            problems.push(format!(
                "{}: only {same} of {total} tokens map to their own text",
                path.display()
            ));
        }
        // Lines stay put: a token copied from line L sits on output line L. The exception is
        // a declaration the layer reorders (an opaque uniform between loose uniforms that
        // were gathered into one block above it), which shares the block's last line.
        if (same - aligned) * 20 > same {
            problems.push(format!(
                "{}: {} of {same} user tokens moved to another line",
                path.display(),
                same - aligned
            ));
        }
    }
    assert!(checked >= 70, "only {checked} fixtures checked");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// `layout(offset = N)` inside a push-constant block: naga reads no member layouts, so prism
/// pads; the member must land at N in the module every target is written from.
#[test]
fn push_constant_member_offsets_are_kept() {
    let src = "#version 450\n\
        layout(push_constant) uniform Push {\n\
            layout(offset = 12) float roughness;\n\
            layout(offset = 32) vec4 tint;\n\
        } push;\n\
        layout(location = 0) out vec4 color;\n\
        void main() { color = push.tint * push.roughness; }\n";
    let compiled = prism::pipeline::compile_text(
        "push.frag",
        src,
        prism::shader::InputKind::Glsl,
        Some(prism::shader::Stage::Fragment),
        &CompileOptions::default(),
    )
    .expect("compiles");
    let module = &compiled.parsed.module;
    let offsets: Vec<(String, u32)> = module
        .types
        .iter()
        .find_map(|(_, ty)| match &ty.inner {
            naga::TypeInner::Struct { members, .. } if ty.name.as_deref() == Some("Push") => Some(
                members
                    .iter()
                    .map(|m| (m.name.clone().unwrap_or_default(), m.offset))
                    .collect(),
            ),
            _ => None,
        })
        .expect("the Push struct");
    let find = |name: &str| offsets.iter().find(|(n, _)| n == name).map(|(_, o)| *o);
    assert_eq!(find("roughness"), Some(12), "{offsets:?}");
    assert_eq!(find("tint"), Some(32), "{offsets:?}");
    assert!(
        compiled.parsed.warnings.is_empty(),
        "both offsets are reachable"
    );
}
