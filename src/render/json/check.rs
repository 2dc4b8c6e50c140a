//! `prism-check/1`: a comparison with the baseline, as `prism check --format json` writes it.
//!
//! Fields are in alphabetical order: the document was first written through
//! `serde_json::Value`, whose keys sort, and its bytes are kept.

use schemars::JsonSchema;
use serde::Serialize;

use crate::check::{Change, CheckReport};

pub const CHECK_SCHEMA: &str = "prism-check/1";

#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct CheckDocument<'a> {
    /// Shaders measured now but not in the baseline.
    pub added: &'a [String],
    /// The baseline file, `/`-separated.
    pub baseline: &'a str,
    /// Shaders (and `shader (gpu)` pairs) that could not be measured.
    pub failed: &'a [String],
    pub improvements: Vec<ChangeEntry<'a>>,
    /// Metrics measured now that the baseline lacks, or the reverse: `shader: metric (...)`.
    pub metrics_changed: &'a [String],
    pub regressions: Vec<ChangeEntry<'a>>,
    /// Shaders in the baseline not measured now.
    pub removed: &'a [String],
    /// Always `prism-check/1`.
    #[schemars(extend("const" = CHECK_SCHEMA))]
    pub schema: &'a str,
    pub tolerance_percent: f64,
}

/// One metric of one shader that moved.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct ChangeEntry<'a> {
    pub metric: &'a str,
    pub new: f64,
    pub old: f64,
    pub shader: &'a str,
}

impl<'a> ChangeEntry<'a> {
    fn of(change: &'a Change) -> Self {
        ChangeEntry {
            metric: &change.metric,
            new: change.new,
            old: change.old,
            shader: &change.shader,
        }
    }
}

impl<'a> CheckDocument<'a> {
    pub fn new(report: &'a CheckReport) -> Self {
        let c = &report.comparison;
        CheckDocument {
            added: &c.added,
            baseline: &report.baseline,
            failed: &report.failed,
            improvements: c.improvements.iter().map(ChangeEntry::of).collect(),
            metrics_changed: &c.metrics_changed,
            regressions: c.regressions.iter().map(ChangeEntry::of).collect(),
            removed: &c.removed,
            schema: CHECK_SCHEMA,
            tolerance_percent: report.tolerance_percent,
        }
    }
}
