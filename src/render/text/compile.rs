//! `prism compile` as text: the bindings table of `--show-bindings`, and the summary of
//! `--check`.

use std::fmt::Write as _;

use crate::front::glsl::dialect::{Binding, Origin};
use crate::render::json::CompileCheckDocument;
use crate::source::SourceFiles;

/// The bindings table as text.
pub fn bindings(files: &SourceFiles, bindings: &[Binding]) -> String {
    let mut out = String::new();
    out.push_str(
        "kind                     name                     set binding location origin     line\n",
    );
    for b in bindings {
        let file = files.get(b.loc.file);
        let line = file.line_col(b.loc.start as usize).0;
        let num = |v: Option<u32>| v.map(|v| v.to_string()).unwrap_or_else(|| "-".into());
        out.push_str(&format!(
            "{:<24} {:<24} {:>3} {:>7} {:>8} {:<10} {}:{}\n",
            b.kind.describe(),
            b.name,
            num(b.set),
            num(b.binding),
            num(b.location),
            match b.origin {
                Origin::User => "user",
                Origin::Generated => "generated",
            },
            file.name,
            line
        ));
        if !b.members.is_empty() {
            out.push_str(&format!("    members: {}\n", b.members.join(", ")));
        }
    }
    out
}

/// `checked 12 shaders for hlsl,msl: 11 ok, 1 failed`, the failures by kind, and each failure
/// with its first diagnostic.
pub fn compile_check(report: &CompileCheckDocument) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "checked {} shaders for {}: {} ok, {} failed",
        report.total,
        report
            .targets
            .iter()
            .map(|t| t.name())
            .collect::<Vec<_>>()
            .join(","),
        report.ok,
        report.failed
    );
    for (kind, count) in &report.failures_by_kind {
        let _ = writeln!(out, "  {count:>4}  {kind}");
    }
    for result in report.shaders.iter().filter(|r| !r.ok) {
        let first = result.diagnostics.first();
        let _ = writeln!(
            out,
            "  FAILED {}{}: {}",
            result.path,
            first
                .and_then(|d| d.line.map(|l| format!(":{l}")))
                .unwrap_or_default(),
            first.map(|d| d.message.as_str()).unwrap_or("")
        );
    }
    out
}
