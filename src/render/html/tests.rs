//! The page as a browser would get it: escaped, self-contained, heated where it costs.

use maud::html;

use super::annotation as render;
use crate::annotate::{annotate, AnnotateOptions, Annotation};
use crate::pipeline::{compile_text, Compilation, CompileOptions};
use crate::robustness::{Preset, Robustness};
use crate::shader::InputKind;
use crate::shader::Stage;
use crate::source::SourceFiles;

const SHADER: &str = "#version 450
// the comparison a < b && c must be escaped
layout(location = 0) in float vIndex;
layout(location = 0) out vec4 fragColor;
layout(set = 0, binding = 0) uniform Palette { vec4 colors[8]; };
void main() {
    int i = int(vIndex);
    fragColor = colors[i];
}
";

fn compile(name: &str) -> Compilation {
    let options = CompileOptions {
        robustness: Robustness::preset(Preset::Webgpu),
        ..Default::default()
    };
    compile_text(
        name,
        SHADER,
        InputKind::Glsl,
        Some(Stage::Fragment),
        &options,
    )
    .unwrap_or_else(|f| panic!("{name} compiles: {:?}", f.diagnostics))
}

fn page(compilations: &[&Compilation]) -> String {
    let annotations: Vec<Annotation> = compilations
        .iter()
        .map(|c| annotate(c, &AnnotateOptions::default()).expect("annotates"))
        .collect();
    let pairs: Vec<(&Annotation, &SourceFiles)> = annotations
        .iter()
        .zip(compilations)
        .map(|(a, c)| (a, &c.files))
        .collect();
    render(&pairs)
}

/// The `<tr>` of a source line in the first pane.
fn row(page: &str, line: u32) -> &str {
    let start = page
        .find(&format!("data-line=\"{line}\""))
        .unwrap_or_else(|| panic!("no row for line {line}"));
    let end = start + page[start..].find("</tr>").expect("row ends");
    &page[start..end]
}

fn escaped(text: &str) -> String {
    html! { (text) }.into_string()
}

#[test]
fn every_source_line_appears_escaped() {
    let compilation = compile("palette.frag");
    let page = page(&[&compilation]);
    assert!(page.starts_with("<!DOCTYPE html>"));
    for line in SHADER.lines() {
        assert!(page.contains(&escaped(line)), "missing: {line}");
    }
    assert!(page.contains("a &lt; b &amp;&amp; c"));
    assert!(!page.contains("a < b && c"));
    assert_eq!(
        page.matches("<details").count(),
        page.matches("</details>").count()
    );
    assert_eq!(page.matches("<tr").count(), page.matches("</tr>").count());
}

#[test]
fn nothing_is_fetched() {
    let compilation = compile("palette.frag");
    let page = page(&[&compilation]);
    for needle in [
        "http://", "https://", "src=", "href=", "<link", "<script", "url(",
    ] {
        assert!(!page.contains(needle), "the page contains {needle}");
    }
}

#[test]
fn costly_lines_are_heated_and_badged() {
    let compilation = compile("palette.frag");
    let page = page(&[&compilation]);
    // Optimized SPIR-V is the default heat column, chosen without script.
    assert!(page.contains(r#"id="p0-hs-opt" checked"#));
    assert!(!page.contains(r#"id="p0-hs-spv" checked"#));

    let conversion = row(&page, 7);
    assert!(conversion.contains("int(vIndex)"));
    assert!(conversion.contains("--opt:"), "no heat: {conversion}");
    assert!(conversion.contains("badge b-sat"), "no badge: {conversion}");
    assert!(conversion.contains("<details>"));
    assert!(conversion.contains("naga_f2i32"));

    let index = row(&page, 8);
    assert!(index.contains("colors[i]"));
    assert!(index.contains("badge b-bounds"), "no badge: {index}");

    let comment = row(&page, 2);
    assert!(!comment.contains("style="));
    assert!(!comment.contains("badge"));
}

#[test]
fn two_annotations_are_side_by_side() {
    let before = compile("before.frag");
    let after = compile("after.frag");
    let page = page(&[&before, &after]);
    assert!(page.contains("--panes:2"));
    assert_eq!(page.matches(r#"<section class="pane">"#).count(), 2);
    let first = page.find("<h2>before.frag</h2>").expect("first header");
    let second = page.find("<h2>after.frag</h2>").expect("second header");
    assert!(first < second);
    // Each pane's heat switch is its own.
    assert!(page.contains(r#"id="p0-hs-opt" checked"#));
    assert!(page.contains(r#"id="p1-hs-opt" checked"#));
}
