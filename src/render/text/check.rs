//! `prism check` as text: regressions and improvements as aligned tables, then what was
//! added, removed or could not be measured, then the counts.

use std::fmt::Write as _;

use crate::check::{Change, CheckReport, NotComparable};

/// Shader, metric, old, new and the change, as table cells (shared with markdown).
pub(crate) fn change_cells(changes: &[Change]) -> Vec<[String; 5]> {
    changes
        .iter()
        .map(|c| {
            [
                c.shader.clone(),
                c.metric.clone(),
                c.old.to_string(),
                c.new.to_string(),
                c.percent(),
            ]
        })
        .collect()
}

pub fn check(report: &CheckReport) -> String {
    let c = &report.comparison;
    let tolerance = report.tolerance_percent;
    let mut out = String::new();
    let section = |out: &mut String, title: &str, changes: &[Change]| {
        if changes.is_empty() {
            return;
        }
        let _ = writeln!(out, "{title}:");
        let rows = change_cells(changes);
        let w0 = rows.iter().map(|r| r[0].len()).max().unwrap_or(0);
        let w1 = rows.iter().map(|r| r[1].len()).max().unwrap_or(0);
        for r in rows {
            let _ = writeln!(
                out,
                "  {:<w0$}  {:<w1$}  {:>8} → {:<8} {}",
                r[0], r[1], r[2], r[3], r[4]
            );
        }
    };
    section(
        &mut out,
        &format!("regressions (tolerance {tolerance}%)"),
        &c.regressions,
    );
    section(&mut out, "improvements", &c.improvements);
    for s in &c.added {
        let _ = writeln!(
            out,
            "added: {s} (not in the baseline; run --update to record it)"
        );
    }
    for s in &c.removed {
        let _ = writeln!(out, "removed: {s} (in the baseline, not found now)");
    }
    for m in &c.metrics_changed {
        let _ = writeln!(out, "metric set changed: {m}");
    }
    for f in &report.failed {
        let _ = writeln!(out, "failed: {f}");
    }
    for group in &c.not_comparable {
        let _ = writeln!(out, "{}", not_comparable_line(group));
        section(&mut out, "  moved (not counted)", &group.changes);
    }
    if let Some(command) = &report.rerecord {
        let _ = writeln!(out, "re-record the baseline with: {command}");
    }
    let _ = write!(
        out,
        "{} regression(s), {} improvement(s), {} added, {} removed",
        c.regressions.len(),
        c.improvements.len(),
        c.added.len(),
        c.removed.len()
    );
    if !c.not_comparable.is_empty() {
        let metrics: usize = c.not_comparable.iter().map(|g| g.metrics).sum();
        let _ = write!(out, ", {metrics} not comparable");
    }
    let _ = writeln!(out);
    out
}

/// `not comparable: 20 metric(s) of 2 shader(s): recorded with X, measured with Y`.
pub(crate) fn not_comparable_line(group: &NotComparable) -> String {
    format!(
        "not comparable: {} metric(s) of {} shader(s): recorded with {}, measured with {}",
        group.metrics, group.shaders, group.recorded, group.measured
    )
}
