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
    /// Metrics whose toolchain (prism, naga, SPIRV-Tools, a GPU's driver) changed since the
    /// baseline: neither regressions nor improvements. Absent when there are none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub not_comparable: Vec<NotComparableEntry<'a>>,
    pub regressions: Vec<ChangeEntry<'a>>,
    /// Shaders in the baseline not measured now.
    pub removed: &'a [String],
    /// Always `prism-check/1`.
    #[schemars(extend("const" = CHECK_SCHEMA))]
    pub schema: &'a str,
    pub tolerance_percent: f64,
}

/// Metrics recorded by one toolchain and measured by another.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct NotComparableEntry<'a> {
    /// Those whose value moved (not counted as regressions or improvements).
    pub changes: Vec<ChangeEntry<'a>>,
    /// The components that differ, as measured now: `radv Mesa 25.0.7`.
    pub measured: &'a str,
    /// How many metrics this covers.
    pub metrics: usize,
    /// The same components as the baseline recorded them: `radv Mesa 22.3.6`.
    pub recorded: &'a str,
    /// The command that re-records the baseline with this toolchain, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rerecord: Option<&'a str>,
    /// How many shaders.
    pub shaders: usize,
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
            not_comparable: c
                .not_comparable
                .iter()
                .map(|group| NotComparableEntry {
                    changes: group.changes.iter().map(ChangeEntry::of).collect(),
                    measured: &group.measured,
                    metrics: group.metrics,
                    recorded: &group.recorded,
                    rerecord: report.rerecord.as_deref(),
                    shaders: group.shaders,
                })
                .collect(),
            regressions: c.regressions.iter().map(ChangeEntry::of).collect(),
            removed: &c.removed,
            schema: CHECK_SCHEMA,
            tolerance_percent: report.tolerance_percent,
        }
    }
}
