//! Cost baselines for CI: the counts of every shader under a folder, committed as a
//! stable-ordered JSON file, and a comparison that lists what grew.
//!
//! The file records the settings it was made with (robustness, targets, GPUs): a check
//! under other settings would compare different things, so it is refused. It also records the
//! toolchain that measured it ([`Toolchain`], since `prism-baseline/2`; `/1` files still read,
//! with an unknown toolchain): a metric whose toolchain changed is "not comparable", never a
//! regression.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::toolchain::Toolchain;
use crate::annotate::Annotation;

pub const SCHEMA: &str = "prism-baseline/2";
/// The version before toolchains were recorded; still read.
pub const SCHEMA_V1: &str = "prism-baseline/1";

/// The ISA statistics a baseline keeps: the ones where more is worse.
pub const ISA_METRICS: &[&str] = &[
    "Instructions",
    "VGPRs",
    "SGPRs",
    "Spilled VGPRs",
    "Spilled SGPRs",
    "Code size",
    "Scratch size",
    "LDS size",
    "Latency",
    "Inverse Throughput",
];

/// What a baseline was measured with.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Settings {
    pub robustness: String,
    pub targets: Vec<String>,
    pub gpus: Vec<String>,
    pub optimized: bool,
    /// `-D` macros, sorted.
    #[serde(default)]
    pub defines: Vec<String>,
}

impl Settings {
    /// What differs from `other`, readably: `robustness: webgpu (...) vs none (...)`.
    pub fn differences(&self, other: &Settings) -> Vec<String> {
        let mut out = Vec::new();
        let mut field = |name: &str, a: String, b: String| {
            if a != b {
                out.push(format!("{name}: recorded {a}, now {b}"));
            }
        };
        field(
            "robustness",
            self.robustness.clone(),
            other.robustness.clone(),
        );
        field("targets", self.targets.join(","), other.targets.join(","));
        field("gpus", self.gpus.join(","), other.gpus.join(","));
        field(
            "optimized",
            self.optimized.to_string(),
            other.optimized.to_string(),
        );
        field("defines", self.defines.join(" "), other.defines.join(" "));
        out
    }
}

/// Metric name → value, per shader path (as given on the command line, `/`-separated).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Baseline {
    #[schemars(extend("const" = SCHEMA))]
    pub schema: String,
    pub settings: Settings,
    /// What measured the counts; absent in `prism-baseline/1` files.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub toolchain: Option<Toolchain>,
    pub shaders: BTreeMap<String, BTreeMap<String, f64>>,
}

impl Baseline {
    pub fn new(settings: Settings) -> Self {
        Baseline {
            schema: SCHEMA.to_string(),
            settings,
            toolchain: Some(Toolchain::this_build()),
            shaders: BTreeMap::new(),
        }
    }

    /// Parse a baseline file's text (`prism-baseline/2`, or `/1` without a toolchain); errors
    /// name the line and column.
    pub fn parse(text: &str) -> Result<Baseline, String> {
        let baseline: Baseline = serde_json::from_str(text)
            .map_err(|e| format!("line {}, column {}: {e}", e.line(), e.column()))?;
        match baseline.schema.as_str() {
            SCHEMA => {}
            SCHEMA_V1 if baseline.toolchain.is_none() => {}
            other => {
                return Err(format!(
                    "schema `{other}` is not `{SCHEMA}` (or `{SCHEMA_V1}`); regenerate it with --update"
                ))
            }
        }
        Ok(baseline)
    }

    /// Pretty JSON, keys sorted, one metric per line, trailing newline: diffs well.
    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        text
    }
}

/// The counted metrics of one annotation.
pub fn annotation_metrics(annotation: &Annotation) -> BTreeMap<String, f64> {
    let mut out = BTreeMap::new();
    let totals = &annotation.totals;
    out.insert("ir".to_string(), totals.ir as f64);
    out.insert("spirv".to_string(), totals.spirv.total as f64);
    out.insert(
        "spirv.bounds-check".to_string(),
        totals.spirv.bounds_check as f64,
    );
    if let Some(opt) = totals.spirv_opt {
        out.insert("spirv-opt".to_string(), opt.total as f64);
    }
    for (target, calls) in &totals.helpers {
        out.insert(format!("{target}.helpers"), *calls as f64);
    }
    out
}

/// The metric key of an ISA statistic: `isa.vega10.instructions`.
pub fn isa_key(gpu: &str, statistic: &str) -> String {
    format!("isa.{gpu}.{}", statistic.to_lowercase().replace(' ', "-"))
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Change {
    pub shader: String,
    pub metric: String,
    pub old: f64,
    pub new: f64,
}

impl Change {
    pub fn percent(&self) -> String {
        crate::annotate::diff::percent(self.old, self.new)
    }
}

/// The comparison of a run with its baseline.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Comparison {
    pub regressions: Vec<Change>,
    pub improvements: Vec<Change>,
    /// Shaders measured now but not in the baseline.
    pub added: Vec<String>,
    /// Shaders in the baseline not measured now.
    pub removed: Vec<String>,
    /// Metrics measured now that the baseline lacks, or the reverse: `shader: metric`.
    pub metrics_changed: Vec<String>,
    /// Metrics whose toolchain changed, grouped by what recorded and what measured them:
    /// neither regressions nor improvements.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub not_comparable: Vec<NotComparable>,
}

/// Metrics recorded by one toolchain and measured by another.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct NotComparable {
    /// The differing components as the baseline has them: `radv Mesa 22.3.6`.
    pub recorded: String,
    /// The same components now: `radv Mesa 25.0.7`.
    pub measured: String,
    /// How many metrics (of how many shaders) this covers.
    pub metrics: usize,
    pub shaders: usize,
    /// Those whose value moved, for information.
    pub changes: Vec<Change>,
}

/// What `check` does with metrics whose toolchain changed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ToolchainChange {
    /// List them as not comparable; the check ends with its own outcome (exit 3).
    #[default]
    Fail,
    /// List them as not comparable; they do not change the outcome.
    Warn,
    /// Compare them like any other metric.
    Ignore,
}

/// What recorded the baseline, as `recorded with ...` says it when unknown.
const UNKNOWN_TOOLCHAIN: &str = "an unknown toolchain (a prism-baseline/1 file records none)";

/// Compare; a metric regresses when `new > old * (1 + tolerance / 100)`. Unless `policy` is
/// [`ToolchainChange::Ignore`], a metric whose toolchain differs goes to `not_comparable`.
pub fn compare(
    baseline: &Baseline,
    current: &Baseline,
    tolerance_percent: f64,
    policy: ToolchainChange,
) -> Comparison {
    let mut out = Comparison::default();
    let mut groups: BTreeMap<
        (String, String),
        (NotComparable, std::collections::BTreeSet<String>),
    > = BTreeMap::new();
    let now = current
        .toolchain
        .clone()
        .unwrap_or_else(Toolchain::this_build);
    let mismatch = |metric: &str| -> Option<(String, String)> {
        if policy == ToolchainChange::Ignore {
            return None;
        }
        match &baseline.toolchain {
            Some(recorded) => recorded.mismatch(&now, metric),
            None => Some((UNKNOWN_TOOLCHAIN.to_string(), describe(&now, metric))),
        }
    };
    for (shader, metrics) in &current.shaders {
        let Some(old) = baseline.shaders.get(shader) else {
            out.added.push(shader.clone());
            continue;
        };
        for (metric, &new) in metrics {
            let Some(&old_value) = old.get(metric) else {
                out.metrics_changed
                    .push(format!("{shader}: {metric} (new)"));
                continue;
            };
            let change = Change {
                shader: shader.clone(),
                metric: metric.clone(),
                old: old_value,
                new,
            };
            if let Some(key) = mismatch(metric) {
                let (group, shaders) = groups.entry(key.clone()).or_insert_with(|| {
                    let group = NotComparable {
                        recorded: key.0,
                        measured: key.1,
                        ..NotComparable::default()
                    };
                    (group, Default::default())
                });
                group.metrics += 1;
                shaders.insert(shader.clone());
                if new != old_value {
                    group.changes.push(change);
                }
                continue;
            }
            if new > old_value * (1.0 + tolerance_percent / 100.0) && new > old_value {
                out.regressions.push(change);
            } else if new < old_value {
                out.improvements.push(change);
            }
        }
        for metric in old.keys().filter(|m| !metrics.contains_key(*m)) {
            out.metrics_changed
                .push(format!("{shader}: {metric} (no longer measured)"));
        }
    }
    for shader in baseline.shaders.keys() {
        if !current.shaders.contains_key(shader) {
            out.removed.push(shader.clone());
        }
    }
    out.not_comparable = groups
        .into_values()
        .map(|(mut group, shaders)| {
            group.shaders = shaders.len();
            group
        })
        .collect();
    out
}

/// A metric's whole toolchain, for `measured with ...` when the baseline records none.
fn describe(toolchain: &Toolchain, metric: &str) -> String {
    toolchain
        .of_metric(metric)
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn baseline(entries: &[(&str, &str, f64)]) -> Baseline {
        let mut b = Baseline::new(Settings::default());
        for (shader, metric, value) in entries {
            b.shaders
                .entry(shader.to_string())
                .or_default()
                .insert(metric.to_string(), *value);
        }
        b
    }

    #[test]
    fn growth_past_the_tolerance_is_a_regression() {
        let old = baseline(&[("a.vert", "spirv", 100.0), ("a.vert", "ir", 50.0)]);
        let new = baseline(&[("a.vert", "spirv", 103.0), ("a.vert", "ir", 49.0)]);
        let strict = compare(&old, &new, 0.0, ToolchainChange::Fail);
        assert_eq!(strict.regressions.len(), 1);
        assert_eq!(strict.regressions[0].metric, "spirv");
        assert_eq!(strict.improvements.len(), 1);
        let lenient = compare(&old, &new, 5.0, ToolchainChange::Fail);
        assert!(lenient.regressions.is_empty());
    }

    #[test]
    fn added_and_removed_shaders_are_reported() {
        let old = baseline(&[("a.vert", "spirv", 1.0), ("b.vert", "spirv", 1.0)]);
        let new = baseline(&[("a.vert", "spirv", 1.0), ("c.vert", "spirv", 1.0)]);
        let c = compare(&old, &new, 0.0, ToolchainChange::Fail);
        assert_eq!(c.added, vec!["c.vert"]);
        assert_eq!(c.removed, vec!["b.vert"]);
        assert!(c.regressions.is_empty());
    }

    #[test]
    fn a_zero_baseline_that_grows_regresses() {
        let old = baseline(&[("a.vert", "spirv.bounds-check", 0.0)]);
        let new = baseline(&[("a.vert", "spirv.bounds-check", 2.0)]);
        assert_eq!(
            compare(&old, &new, 50.0, ToolchainChange::Fail)
                .regressions
                .len(),
            1
        );
    }

    #[test]
    fn the_file_round_trips_and_names_the_line_of_an_error() {
        let b = baseline(&[("x/a.vert", "spirv", 3.0)]);
        assert_eq!(Baseline::parse(&b.to_json()).unwrap(), b);
        let err = Baseline::parse("{\n  \"schema\": \"prism-baseline/2\",\n  oops\n}").unwrap_err();
        assert!(err.starts_with("line 3"), "{err}");
    }

    #[test]
    fn a_driver_change_is_not_a_regression() {
        let mut old = baseline(&[
            ("a.vert", "isa.vega10.instructions", 113.0),
            ("a.vert", "spirv", 10.0),
        ]);
        let mut new = baseline(&[
            ("a.vert", "isa.vega10.instructions", 122.0),
            ("a.vert", "spirv", 11.0),
        ]);
        old.toolchain
            .as_mut()
            .unwrap()
            .drivers
            .insert("vega10".into(), "radv Mesa 22.3.6".into());
        new.toolchain
            .as_mut()
            .unwrap()
            .drivers
            .insert("vega10".into(), "radv Mesa 25.0.7".into());
        let c = compare(&old, &new, 0.0, ToolchainChange::Fail);
        assert_eq!(c.regressions.len(), 1, "spirv still compares");
        assert_eq!(c.regressions[0].metric, "spirv");
        assert_eq!(c.not_comparable.len(), 1);
        let group = &c.not_comparable[0];
        assert_eq!(
            (group.recorded.as_str(), group.measured.as_str()),
            ("radv Mesa 22.3.6", "radv Mesa 25.0.7")
        );
        assert_eq!(
            (group.metrics, group.shaders, group.changes.len()),
            (1, 1, 1)
        );
        let ignored = compare(&old, &new, 0.0, ToolchainChange::Ignore);
        assert_eq!(ignored.regressions.len(), 2);
        assert!(ignored.not_comparable.is_empty());
    }

    #[test]
    fn a_version_1_file_reads_with_an_unknown_toolchain() {
        let text = "{\"schema\": \"prism-baseline/1\", \"settings\": {\"robustness\": \"none\", \"targets\": [], \"gpus\": [], \"optimized\": false}, \"shaders\": {\"a.vert\": {\"spirv\": 3}}}";
        let old = Baseline::parse(text).unwrap();
        assert_eq!(old.toolchain, None);
        let new = baseline(&[("a.vert", "spirv", 4.0)]);
        let c = compare(&old, &new, 0.0, ToolchainChange::Warn);
        assert!(c.regressions.is_empty());
        assert!(
            c.not_comparable[0].recorded.contains("unknown"),
            "{:?}",
            c.not_comparable
        );
    }
}
