//! Markdown: `prism check --format markdown`, a pull-request comment (or a job summary).

use std::fmt::Write as _;

use crate::check::{Change, CheckReport};
use crate::render::text::{change_cells, not_comparable_line};

pub fn check(report: &CheckReport) -> String {
    let c = &report.comparison;
    let mut out = String::new();
    let verdict = match (c.regressions.is_empty(), report.failed.is_empty()) {
        (true, true) if !c.not_comparable.is_empty() => {
            "the toolchain changed: some counts are not comparable"
        }
        (true, true) => "no shader got more expensive",
        (false, _) => "shaders got more expensive",
        (true, false) => "some shaders could not be measured",
    };
    let _ = writeln!(out, "### prism check: {verdict}\n");
    let table = |out: &mut String, title: &str, changes: &[Change]| {
        if changes.is_empty() {
            return;
        }
        let _ = writeln!(
            out,
            "**{title}**\n\n| shader | metric | old | new | change |\n|---|---|---:|---:|---:|"
        );
        for r in change_cells(changes) {
            let _ = writeln!(
                out,
                "| `{}` | {} | {} | {} | {} |",
                r[0], r[1], r[2], r[3], r[4]
            );
        }
        let _ = writeln!(out);
    };
    table(
        &mut out,
        &format!("Regressions (tolerance {}%)", report.tolerance_percent),
        &c.regressions,
    );
    table(&mut out, "Improvements", &c.improvements);
    for s in &c.added {
        let _ = writeln!(out, "- added: `{s}`");
    }
    for s in &c.removed {
        let _ = writeln!(out, "- removed: `{s}`");
    }
    for m in &c.metrics_changed {
        let _ = writeln!(out, "- metric set changed: `{m}`");
    }
    for f in &report.failed {
        let _ = writeln!(out, "- failed: `{f}`");
    }
    for group in &c.not_comparable {
        let _ = writeln!(out, "- {}", not_comparable_line(group));
    }
    if let Some(command) = &report.rerecord {
        let _ = writeln!(out, "\nRe-record the baseline with:\n\n```\n{command}\n```");
    }
    out
}
