//! The annotation report: what [`annotate`](super::annotate) returns, the JSON document
//! `prism-annotate/1` (keys in declaration order), and what `diff`, `check` and the renderers
//! read. A leaf of `annotate/`: plain data and its arithmetic.

use std::collections::{BTreeMap, HashMap};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::spv_lines::Category;
use crate::back::Target;
use crate::robustness::Policy;
use crate::source::{SourceFile, SourceFiles};

/// The most expressions and statements one annotation handles.
pub const MAX_SITES: usize = 100_000;

/// The JSON schema name and version of [`Annotation`].
pub const SCHEMA: &str = "prism-annotate/1";

/// What to compute.
#[derive(Clone, Debug)]
pub struct AnnotateOptions {
    /// Text targets whose helper calls get a column (SPIR-V columns are always there).
    pub targets: Vec<Target>,
    /// Also run `spirv-opt -O` and attribute the optimized module.
    pub optimize: bool,
}

impl Default for AnnotateOptions {
    fn default() -> Self {
        AnnotateOptions {
            targets: vec![Target::Hlsl, Target::Msl],
            optimize: true,
        }
    }
}

/// Instruction counts by category; `total` is their sum.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Counts {
    pub total: u32,
    pub alu: u32,
    pub conversion: u32,
    pub memory: u32,
    pub control: u32,
    pub bounds_check: u32,
    pub other: u32,
}

impl Counts {
    pub fn add(&mut self, category: Category, n: u32) {
        self.total += n;
        *self.slot(category) += n;
    }

    fn slot(&mut self, category: Category) -> &mut u32 {
        match category {
            Category::Alu => &mut self.alu,
            Category::Conversion => &mut self.conversion,
            Category::Memory => &mut self.memory,
            Category::Control => &mut self.control,
            Category::BoundsCheck => &mut self.bounds_check,
            Category::Other => &mut self.other,
        }
    }

    pub fn get(&self, category: Category) -> u32 {
        let mut copy = *self;
        *copy.slot(category)
    }

    pub fn merge(&mut self, other: &Counts) {
        for category in Category::ALL {
            self.add(category, other.get(category));
        }
    }

    pub fn is_empty(&self) -> bool {
        self.total == 0
    }
}

/// Kinds of code the compiler inserted rather than the user wrote.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum InsertedKind {
    /// Code a bounds-check policy added (clamp/min, or compare + branch + phi).
    BoundsCheck,
    /// The clamp before a float→int conversion, or a helper such as `naga_f2i32`.
    SaturatingConversion,
    /// Calls to helpers naga writes for well-defined integer arithmetic (`naga_div`,
    /// `naga_mod`, `naga_neg`, `naga_abs`).
    Helper,
    /// The counter naga's SPIR-V writer adds to every loop so that no loop runs forever
    /// (`force_loop_bounding`, on by default, as in wgpu).
    LoopBound,
}

impl InsertedKind {
    pub const ALL: [InsertedKind; 4] = [
        InsertedKind::BoundsCheck,
        InsertedKind::SaturatingConversion,
        InsertedKind::Helper,
        InsertedKind::LoopBound,
    ];

    /// The one-letter mark of lines that carry it.
    pub fn letter(self) -> &'static str {
        match self {
            InsertedKind::BoundsCheck => "B",
            InsertedKind::SaturatingConversion => "S",
            InsertedKind::Helper => "H",
            InsertedKind::LoopBound => "L",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            InsertedKind::BoundsCheck => "bounds check",
            InsertedKind::SaturatingConversion => "saturating conversion",
            InsertedKind::Helper => "helper",
            InsertedKind::LoopBound => "loop bound",
        }
    }
}

/// One piece of inserted code on a line, for one target.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
pub struct Inserted {
    pub target: String,
    pub kind: InsertedKind,
    /// What exactly: `Restrict: UMin`, `naga_f2i32`, ...
    pub what: String,
    /// Instructions (SPIR-V targets) or call sites (text targets).
    pub count: u32,
}

/// The cost of one source line (or of the "no source line" bucket, or the totals).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct LineCost {
    /// The file as the user named it; empty for the bucket and the totals.
    pub file: String,
    /// One-based; 0 for the bucket and the totals.
    pub line: u32,
    /// naga IR operations: emitted expressions that compute a value (not a pointer), plus
    /// statements other than `Emit`/`Block`.
    pub ir: u32,
    /// SPIR-V instructions as naga writes them.
    pub spirv: Counts,
    /// SPIR-V instructions after `spirv-opt -O`; absent when not computed.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub spirv_opt: Option<Counts>,
    /// The emitted SPIR-V instructions by opcode (`OpLoad`, `FClamp`, ...).
    #[serde(skip_serializing_if = "BTreeMap::is_empty", default)]
    pub spirv_ops: BTreeMap<String, u32>,
    /// The optimized SPIR-V instructions by opcode.
    #[serde(skip_serializing_if = "BTreeMap::is_empty", default)]
    pub spirv_opt_ops: BTreeMap<String, u32>,
    /// Helper calls per text target.
    #[serde(skip_serializing_if = "BTreeMap::is_empty", default)]
    pub helpers: BTreeMap<String, u32>,
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub inserted: Vec<Inserted>,
}

impl LineCost {
    /// Whether the line costs nothing at all.
    pub fn is_empty(&self) -> bool {
        self.ir == 0
            && self.spirv.is_empty()
            && self.spirv_opt.is_none_or(|c| c.is_empty())
            && self.helpers.values().all(|n| *n == 0)
            && self.inserted.is_empty()
    }

    pub(crate) fn merge(&mut self, other: &LineCost) {
        self.ir += other.ir;
        self.spirv.merge(&other.spirv);
        if let Some(opt) = &other.spirv_opt {
            self.spirv_opt
                .get_or_insert_with(Counts::default)
                .merge(opt);
        }
        for (target, n) in &other.helpers {
            *self.helpers.entry(target.clone()).or_default() += n;
        }
        merge_ops(&mut self.spirv_ops, &other.spirv_ops);
        merge_ops(&mut self.spirv_opt_ops, &other.spirv_opt_ops);
        for item in &other.inserted {
            add_inserted(&mut self.inserted, item.clone());
        }
    }
}

pub(super) fn merge_ops(into: &mut BTreeMap<String, u32>, from: &BTreeMap<String, u32>) {
    for (op, n) in from {
        *into.entry(op.clone()).or_default() += n;
    }
}

pub(super) fn add_inserted(items: &mut Vec<Inserted>, item: Inserted) {
    match items
        .iter_mut()
        .find(|i| i.target == item.target && i.kind == item.kind && i.what == item.what)
    {
        Some(existing) => existing.count += item.count,
        None => {
            items.push(item);
            items.sort();
        }
    }
}

/// Instructions per function.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct FunctionCost {
    pub name: String,
    /// `entry-point`, `function`, or `helper` (written by naga, not by the user).
    pub kind: String,
    pub spirv: u32,
    /// Absent when the optimizer inlined the function away (or was not run).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub spirv_opt: Option<u32>,
}

/// A text target's helper calls: found in its output, and attributed to lines.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct TargetSummary {
    pub target: String,
    /// Calls per helper name, counted in the written code.
    pub calls_in_output: BTreeMap<String, u32>,
    /// Set when the target could not be written.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub error: Option<String>,
}

/// The whole report for one shader.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Annotation {
    #[schemars(extend("const" = SCHEMA))]
    pub schema: String,
    pub input: String,
    /// Entry points, as `name (stage)`.
    pub entry_points: Vec<String>,
    /// The bounds-check policies in force: index, buffer, image load.
    pub robustness: Robustness,
    /// Lines with any cost, in file then line order.
    pub lines: Vec<LineCost>,
    /// Everything no source line caused.
    pub no_source_line: LineCost,
    pub totals: LineCost,
    pub functions: Vec<FunctionCost>,
    pub targets: Vec<TargetSummary>,
    /// Things a reader should know (a target not written, a helper count that could not be
    /// placed on a line).
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub notes: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Robustness {
    pub preset: String,
    pub index: String,
    pub buffer: String,
    pub image_load: String,
}

impl Robustness {
    /// The policies a robustness setting puts in force, by their prism names.
    pub fn of(robustness: &crate::robustness::Robustness) -> Self {
        let policies = robustness.policies();
        Robustness {
            preset: robustness.preset.to_string(),
            index: Policy::from(policies.index).name().to_string(),
            buffer: Policy::from(policies.buffer).name().to_string(),
            image_load: Policy::from(policies.image_load).name().to_string(),
        }
    }
}

/// `webgl (index restrict, buffer restrict, image load read-zero-skip-write)`.
impl std::fmt::Display for Robustness {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} (index {}, buffer {}, image load {})",
            self.preset, self.index, self.buffer, self.image_load
        )
    }
}

impl Annotation {
    /// The line's cost, if it has any. A linear search: to walk every line, use
    /// [`Annotation::line_lookup`].
    pub fn line(&self, file: &str, line: u32) -> Option<&LineCost> {
        self.lines.iter().find(|l| l.line == line && l.file == file)
    }

    /// The text targets that were written (they have a helper column), in report order.
    pub fn written_targets(&self) -> Vec<&str> {
        self.targets
            .iter()
            .filter(|t| t.error.is_none())
            .map(|t| t.target.as_str())
            .collect()
    }

    /// Every costed line by file name and one-based line number.
    pub fn line_lookup(&self) -> HashMap<(&str, u32), &LineCost> {
        self.lines
            .iter()
            .map(|l| ((l.file.as_str(), l.line), l))
            .collect()
    }

    /// The files a report shows: the root, then every included file that carries a cost, in
    /// the order of their first cost.
    pub fn shown_files<'f>(&self, files: &'f SourceFiles) -> Vec<&'f SourceFile> {
        let mut names: Vec<&str> = vec![self.input.as_str()];
        for line in &self.lines {
            if !names.contains(&line.file.as_str()) {
                names.push(&line.file);
            }
        }
        names
            .into_iter()
            .filter_map(|name| files.by_name(name))
            .collect()
    }
}
