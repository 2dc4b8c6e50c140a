//! Comparing two annotations: what a rewrite (or another option set) saves or costs, per
//! line and in total.
//!
//! Lines are paired by a line diff of the two root files (the `similar` crate): unchanged
//! lines pair with each other, a replaced run pairs line by line, and lines only one side
//! has are listed alone. Included files are compared as part of the totals only.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use similar::{DiffOp, TextDiff};

use super::report::{Annotation, Counts, LineCost, Robustness};
use super::spv_lines::Category;
use crate::source::SourceFiles;

pub const SCHEMA: &str = "prism-diff/1";

/// Counts of one side, compact.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Side {
    pub ir: u32,
    pub spirv: u32,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub spirv_opt: Option<u32>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty", default)]
    pub helpers: BTreeMap<String, u32>,
    pub bounds_check: u32,
}

impl Side {
    fn of(cost: &LineCost) -> Side {
        Side {
            ir: cost.ir,
            spirv: cost.spirv.total,
            spirv_opt: cost.spirv_opt.map(|c| c.total),
            helpers: cost.helpers.clone(),
            bounds_check: cost.spirv.bounds_check,
        }
    }
}

/// One pair of lines (or a line only one side has).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct LineDelta {
    /// One-based line in A, if A has it.
    pub a_line: Option<u32>,
    pub b_line: Option<u32>,
    pub a_text: Option<String>,
    pub b_text: Option<String>,
    pub a: Side,
    pub b: Side,
}

impl LineDelta {
    pub fn changed(&self) -> bool {
        self.a != self.b
    }
}

/// A delta of one counted metric: `b - a`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct MetricDelta {
    pub metric: String,
    pub a: f64,
    pub b: f64,
    pub delta: f64,
}

impl MetricDelta {
    pub fn new(metric: impl Into<String>, a: f64, b: f64) -> Self {
        MetricDelta {
            metric: metric.into(),
            a,
            b,
            delta: b - a,
        }
    }
}

/// The ISA side of a diff on one GPU.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct IsaDelta {
    pub gpu: String,
    /// The driver that measured both sides, name and version (`radv Mesa 25.0.7`); when the
    /// sides were measured by different drivers, `A: ..., B: ...` and no metrics (they would
    /// not be comparable).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub driver: Option<String>,
    /// The variant note of the reports (RDNA vertex shaders are NGG with culling code).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub variant: Option<String>,
    pub metrics: Vec<MetricDelta>,
    /// Why a side could not be measured.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub errors: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Diff {
    #[schemars(extend("const" = SCHEMA))]
    pub schema: String,
    pub a: String,
    pub b: String,
    pub a_robustness: Robustness,
    pub b_robustness: Robustness,
    /// Changed lines only, in the order of the files.
    pub lines: Vec<LineDelta>,
    pub totals: Vec<MetricDelta>,
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub isa: Vec<IsaDelta>,
}

/// The totals that matter, `b - a`, per metric.
pub fn total_deltas(a: &Annotation, b: &Annotation) -> Vec<MetricDelta> {
    let mut out = vec![MetricDelta::new(
        "ir",
        a.totals.ir as f64,
        b.totals.ir as f64,
    )];
    let counts = |name: &str, x: &Counts, y: &Counts, out: &mut Vec<MetricDelta>| {
        out.push(MetricDelta::new(name, x.total as f64, y.total as f64));
        for category in Category::ALL {
            out.push(MetricDelta::new(
                format!("{name}.{}", category.name()),
                x.get(category) as f64,
                y.get(category) as f64,
            ));
        }
    };
    counts("spirv", &a.totals.spirv, &b.totals.spirv, &mut out);
    if let (Some(x), Some(y)) = (&a.totals.spirv_opt, &b.totals.spirv_opt) {
        counts("spirv-opt", x, y, &mut out);
    }
    let targets: std::collections::BTreeSet<&String> = a
        .totals
        .helpers
        .keys()
        .chain(b.totals.helpers.keys())
        .collect();
    for target in targets {
        let x = a.totals.helpers.get(target).copied().unwrap_or(0);
        let y = b.totals.helpers.get(target).copied().unwrap_or(0);
        out.push(MetricDelta::new(
            format!("{target}.helpers"),
            x as f64,
            y as f64,
        ));
    }
    out
}

/// Compare two annotations of the root files' lines.
pub fn diff(a: (&Annotation, &SourceFiles), b: (&Annotation, &SourceFiles)) -> Diff {
    let (aa, af) = a;
    let (ba, bf) = b;
    let (a_file, b_file) = (af.by_name(&aa.input), bf.by_name(&ba.input));
    let text_diff = TextDiff::from_lines(
        a_file.map_or("", |f| f.text.as_str()),
        b_file.map_or("", |f| f.text.as_str()),
    );
    let (a_lookup, b_lookup) = (aa.line_lookup(), ba.line_lookup());
    let blank = LineCost::default();
    let mut lines = Vec::new();
    let mut push = |x: Option<usize>, y: Option<usize>| {
        let a_cost = x
            .and_then(|i| a_lookup.get(&(aa.input.as_str(), i as u32 + 1)).copied())
            .unwrap_or(&blank);
        let b_cost = y
            .and_then(|i| b_lookup.get(&(ba.input.as_str(), i as u32 + 1)).copied())
            .unwrap_or(&blank);
        let line_text = |file: Option<&crate::source::SourceFile>, i| {
            file.and_then(|f| f.line_text(i)).map(str::to_string)
        };
        let delta = LineDelta {
            a_line: x.map(|i| i as u32 + 1),
            b_line: y.map(|i| i as u32 + 1),
            a_text: x.and_then(|i| line_text(a_file, i)),
            b_text: y.and_then(|i| line_text(b_file, i)),
            a: Side::of(a_cost),
            b: Side::of(b_cost),
        };
        if delta.changed() {
            lines.push(delta);
        }
    };
    for op in text_diff.ops() {
        match *op {
            DiffOp::Equal {
                old_index,
                new_index,
                len,
            } => (0..len).for_each(|k| push(Some(old_index + k), Some(new_index + k))),
            DiffOp::Delete {
                old_index, old_len, ..
            } => (0..old_len).for_each(|k| push(Some(old_index + k), None)),
            DiffOp::Insert {
                new_index, new_len, ..
            } => (0..new_len).for_each(|k| push(None, Some(new_index + k))),
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => {
                for k in 0..old_len.max(new_len) {
                    push(
                        (k < old_len).then_some(old_index + k),
                        (k < new_len).then_some(new_index + k),
                    );
                }
            }
        }
    }
    Diff {
        schema: SCHEMA.to_string(),
        a: aa.input.clone(),
        b: ba.input.clone(),
        a_robustness: aa.robustness.clone(),
        b_robustness: ba.robustness.clone(),
        lines,
        totals: total_deltas(aa, ba),
        isa: Vec::new(),
    }
}

/// A percentage change, or `new` when the old value was zero.
pub fn percent(a: f64, b: f64) -> String {
    if a == 0.0 {
        if b == 0.0 {
            "0%".to_string()
        } else {
            "new".to_string()
        }
    } else {
        format!("{:+.1}%", (b - a) / a * 100.0)
    }
}
