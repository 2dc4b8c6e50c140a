//! Two reports side by side: per kernel and shape, the median time and GFLOP/s before and
//! after, and whether the row regressed.
//!
//! In: two [`Report`]s and a tolerance in percent. Out: a [`Comparison`], rendered as text or
//! markdown. A row regressed when its median time grew by more than the tolerance, or when it
//! passed before and does not pass now. Rows present in only one report are listed, never
//! counted as regressions: the suites differ, the kernels did not get slower.

use serde::Serialize;

use super::Report;
use crate::gpu::suite::row::{Row, Status};

/// The tolerance `prism bench compare` uses without `--tolerance`, in percent.
pub const DEFAULT_TOLERANCE_PCT: f64 = 5.0;

/// What happened to one row.
#[derive(Clone, Copy, Debug, Serialize, PartialEq, Eq, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// Slower by more than the tolerance.
    Regressed,
    /// Passed before, fails or errors now.
    NowFailing,
    /// Faster by more than the tolerance.
    Improved,
    Unchanged,
    /// Did not pass in either report.
    StillFailing,
    OnlyBefore,
    OnlyAfter,
}

impl Verdict {
    pub(crate) fn is_regression(self) -> bool {
        matches!(self, Verdict::Regressed | Verdict::NowFailing)
    }

    fn label(self) -> &'static str {
        match self {
            Verdict::Regressed => "REGRESSED",
            Verdict::NowFailing => "NOW FAILING",
            Verdict::Improved => "improved",
            Verdict::Unchanged => "unchanged",
            Verdict::StillFailing => "failing in both",
            Verdict::OnlyBefore => "only before",
            Verdict::OnlyAfter => "only after",
        }
    }
}

/// One kernel at one shape in both reports.
#[derive(Clone, Debug, Serialize, PartialEq, schemars::JsonSchema)]
pub struct Change {
    pub kernel: String,
    pub shape: String,
    pub before_ns: Option<f64>,
    pub after_ns: Option<f64>,
    pub before_gflops: Option<f64>,
    pub after_gflops: Option<f64>,
    /// (after − before) / before of the median time, in percent.
    pub time_change_pct: Option<f64>,
    pub gflops_change_pct: Option<f64>,
    pub verdict: Verdict,
}

#[derive(Clone, Debug, Serialize, PartialEq, schemars::JsonSchema)]
pub struct Comparison {
    pub before_adapter: String,
    pub after_adapter: String,
    pub tolerance_pct: f64,
    pub changes: Vec<Change>,
    /// `recorded with X, measured with Y` when the two reports were made by different drivers
    /// or prism versions: their times are then not comparable, and a slower row is not counted
    /// as a regression (a row that stopped passing still is).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub not_comparable: Option<String>,
}

/// The toolchain a report's times depend on: prism's version and the adapter's driver.
fn toolchain(report: &Report) -> String {
    let a = &report.adapter;
    format!(
        "prism {}, {} {}",
        report.tool.version, a.driver, a.driver_info
    )
}

fn median(row: &Row) -> Option<f64> {
    (row.status == Status::Passed)
        .then(|| row.timing.as_ref().map(|t| t.median_ns))
        .flatten()
}

fn change_pct(before: Option<f64>, after: Option<f64>) -> Option<f64> {
    match (before, after) {
        (Some(b), Some(a)) if b > 0.0 => Some(100.0 * (a - b) / b),
        _ => None,
    }
}

fn key(row: &Row) -> (String, String) {
    (row.kernel.clone(), row.shape.describe())
}

/// Compare `before` with `after`, row by row in `before`'s order, then rows new in `after`.
pub fn compare(before: &Report, after: &Report, tolerance_pct: f64) -> Comparison {
    let mut changes = Vec::new();
    for b in &before.rows {
        let a = after.rows.iter().find(|a| key(a) == key(b));
        let (before_ns, after_ns) = (median(b), a.and_then(median));
        let time_change_pct = change_pct(before_ns, after_ns);
        let verdict = match (a, before_ns, after_ns, time_change_pct) {
            (None, ..) => Verdict::OnlyBefore,
            (_, Some(_), None, _) => Verdict::NowFailing,
            (_, None, _, _) => Verdict::StillFailing,
            (_, _, _, Some(t)) if t > tolerance_pct => Verdict::Regressed,
            (_, _, _, Some(t)) if t < -tolerance_pct => Verdict::Improved,
            _ => Verdict::Unchanged,
        };
        let (before_gflops, after_gflops) = (b.gflops, a.and_then(|a| a.gflops));
        changes.push(Change {
            kernel: b.kernel.clone(),
            shape: b.shape.describe(),
            before_ns,
            after_ns,
            before_gflops,
            after_gflops,
            time_change_pct,
            gflops_change_pct: change_pct(before_gflops, after_gflops),
            verdict,
        });
    }
    for a in &after.rows {
        if !before.rows.iter().any(|b| key(b) == key(a)) {
            changes.push(Change {
                kernel: a.kernel.clone(),
                shape: a.shape.describe(),
                before_ns: None,
                after_ns: median(a),
                before_gflops: None,
                after_gflops: a.gflops,
                time_change_pct: None,
                gflops_change_pct: None,
                verdict: Verdict::OnlyAfter,
            });
        }
    }
    let label = |r: &Report| {
        if r.cpu_emulated {
            format!("{} (CPU-emulated)", r.adapter.name)
        } else {
            r.adapter.name.clone()
        }
    };
    Comparison {
        before_adapter: label(before),
        after_adapter: label(after),
        tolerance_pct,
        changes,
        not_comparable: (toolchain(before) != toolchain(after)).then(|| {
            format!(
                "not comparable: recorded with {}, measured with {}",
                toolchain(before),
                toolchain(after)
            )
        }),
    }
}

fn us(ns: Option<f64>) -> String {
    ns.map_or("-".to_string(), |ns| format!("{:.1}", ns / 1e3))
}

fn rate(v: Option<f64>) -> String {
    v.map_or("-".to_string(), |v| format!("{v:.2}"))
}

fn signed(v: Option<f64>) -> String {
    v.map_or("-".to_string(), |v| format!("{v:+.1}%"))
}

impl Comparison {
    pub fn regressions(&self) -> usize {
        self.changes
            .iter()
            .filter(|c| c.verdict.is_regression())
            .filter(|c| self.not_comparable.is_none() || c.verdict == Verdict::NowFailing)
            .count()
    }

    fn summary(&self) -> String {
        let mut out = format!(
            "{} of {} rows regressed (tolerance {}% on the median time)",
            self.regressions(),
            self.changes.len(),
            self.tolerance_pct
        );
        if let Some(note) = &self.not_comparable {
            out.push_str(&format!("\n{note}: slower rows are not counted"));
        }
        out
    }

    pub fn to_text(&self) -> String {
        let mut out = format!(
            "before: {}\nafter:  {}\n\n{:<24} {:<16} {:>22} {:>8} {:>22} {:>8}  verdict\n",
            self.before_adapter,
            self.after_adapter,
            "kernel",
            "shape",
            "median µs",
            "time",
            "GFLOP/s",
            "GFLOP/s"
        );
        for c in &self.changes {
            out.push_str(&format!(
                "{:<24} {:<16} {:>22} {:>8} {:>22} {:>8}  {}\n",
                c.kernel,
                c.shape,
                format!("{} → {}", us(c.before_ns), us(c.after_ns)),
                signed(c.time_change_pct),
                format!("{} → {}", rate(c.before_gflops), rate(c.after_gflops)),
                signed(c.gflops_change_pct),
                c.verdict.label()
            ));
        }
        out.push_str(&format!("\n{}\n", self.summary()));
        out
    }

    pub fn to_markdown(&self) -> String {
        let mut md = format!(
            "# prism bench compare\n\n- before: {}\n- after: {}\n\n\
             | kernel | shape | median µs | time | GFLOP/s | GFLOP/s change | verdict |\n\
             |---|---|---:|---:|---:|---:|---|\n",
            self.before_adapter, self.after_adapter
        );
        for c in &self.changes {
            let verdict = if c.verdict.is_regression() {
                format!("**{}**", c.verdict.label())
            } else {
                c.verdict.label().to_string()
            };
            md.push_str(&format!(
                "| {} | {} | {} → {} | {} | {} → {} | {} | {} |\n",
                c.kernel,
                c.shape,
                us(c.before_ns),
                us(c.after_ns),
                signed(c.time_change_pct),
                rate(c.before_gflops),
                rate(c.after_gflops),
                signed(c.gflops_change_pct),
                verdict
            ));
        }
        md.push_str(&format!("\n{}\n", self.summary()));
        md
    }
}
