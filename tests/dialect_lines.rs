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
        .filter(|p| prism::front::InputKind::from_path(p).is_some_and(|(_, s)| s.is_some()))
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
        // Only renamed tokens (`texture2D` → `texture`, ...) may differ from their text.
        if same * 10 < total * 9 {
            problems.push(format!(
                "{}: only {same} of {total} tokens map to their own text",
                path.display()
            ));
        }
        // Lines stay put: a token copied from line L sits on output line L.
        if aligned != same {
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
