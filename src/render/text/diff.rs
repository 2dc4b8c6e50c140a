//! `prism diff` as text: the changed lines, the totals, and the ISA per GPU.

use std::fmt::Write as _;

use crate::annotate::diff::{percent, Diff, MetricDelta, Side};
use crate::annotate::Robustness;

fn signed(delta: f64) -> String {
    if delta > 0.0 {
        format!("+{delta}")
    } else if delta == 0.0 {
        "0".to_string()
    } else {
        format!("{delta}")
    }
}

fn metric_row(out: &mut String, m: &MetricDelta) {
    let _ = writeln!(
        out,
        "  {:<24} {:>6} → {:<6} {:>6} ({})",
        m.metric,
        m.a,
        m.b,
        signed(m.delta),
        percent(m.a, m.b)
    );
}

/// The diff as text.
pub fn diff(diff: &Diff) -> String {
    let mut out = String::new();
    let r = |x: &Robustness| x.preset.clone();
    let _ = writeln!(
        out,
        "A: {} (robustness {})\nB: {} (robustness {})\n",
        diff.a,
        r(&diff.a_robustness),
        diff.b,
        r(&diff.b_robustness)
    );
    let _ = writeln!(out, "changed lines (SPIR-V emitted / optimized, A → B):");
    if diff.lines.is_empty() {
        let _ = writeln!(out, "  none");
    }
    for l in &diff.lines {
        let loc = |n: Option<u32>| n.map_or("-".to_string(), |n| n.to_string());
        let opt = |s: &Side| s.spirv_opt.map_or("-".to_string(), |n| n.to_string());
        let _ = writeln!(
            out,
            "  A{:<4} B{:<4} spv {:>3} → {:<3} ({:>4})  opt {:>3} → {:<3}  │ {}",
            loc(l.a_line),
            loc(l.b_line),
            l.a.spirv,
            l.b.spirv,
            signed(l.b.spirv as f64 - l.a.spirv as f64),
            opt(&l.a),
            opt(&l.b),
            l.b_text
                .as_deref()
                .or(l.a_text.as_deref())
                .unwrap_or("")
                .trim()
        );
    }
    let _ = writeln!(out, "\ntotals:");
    for m in diff
        .totals
        .iter()
        .filter(|m| !m.metric.contains('.') || m.delta != 0.0)
    {
        metric_row(&mut out, m);
    }
    for gpu in &diff.isa {
        match &gpu.driver {
            Some(driver) => {
                let _ = writeln!(out, "\nISA on {} ({driver}):", gpu.gpu);
            }
            None => {
                let _ = writeln!(out, "\nISA on {}:", gpu.gpu);
            }
        }
        if let Some(variant) = &gpu.variant {
            let _ = writeln!(out, "  note: {variant}");
        }
        for e in &gpu.errors {
            let _ = writeln!(out, "  error: {e}");
        }
        for m in &gpu.metrics {
            metric_row(&mut out, m);
        }
    }
    out
}
