//! What each source line costs: naga IR operations, SPIR-V instructions as emitted and after
//! `spirv-opt -O`, and the helper calls each text target writes, with the code that bounds
//! checks and saturating conversions insert itemised.
//!
//! How a count reaches a line:
//! 1. `sites` rewrites a copy of the module so naga's SPIR-V writer emits one `OpLine` per
//!    expression and statement, whose column names the expression (a *site*).
//! 2. [`spv_lines`] reads the binary back: each instruction belongs to the site of the
//!    `OpLine` in force. A site's span goes through the dialect layer's map to the user's
//!    file and line (includes and macros included).
//! 3. The same module is also written with every bounds check off, and (when it has loops)
//!    without naga's forced loop bound. Per site and opcode, what each build has beyond the
//!    next is the bounds checks' and the loop bound's.
//! 4. `spirv-opt -O` keeps `OpLine`s, so the optimized module is attributed the same way.
//!
//! Every counted instruction lands on a line or in the explicit "no source line" bucket
//! (entry-point input/output plumbing, helper functions naga writes, code whose site has no
//! span), and the totals are their sum. The tests hold the totals equal to independent counts
//! of the module `prism compile` writes and of `spirv-opt -O`'s output, for every fixture.

pub mod baseline;
pub mod diff;
pub mod html;
pub(crate) mod sites;
pub mod spv_lines;
mod targets;
pub mod text;

use std::collections::{BTreeMap, HashMap};

use naga::proc::BoundsCheckPolicies;
use serde::{Deserialize, Serialize};
use spirv::GlslStd450Op as GLOp;

use crate::back::{self, Target};
use crate::diagnostic::Diagnostic;
use crate::pipeline::Compilation;
use crate::source::{Loc, SourceFile, SourceFiles};

pub use spv_lines::Category;

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
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
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
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
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
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Inserted {
    pub target: String,
    pub kind: InsertedKind,
    /// What exactly: `Restrict: UMin`, `naga_f2i32`, ...
    pub what: String,
    /// Instructions (SPIR-V targets) or call sites (text targets).
    pub count: u32,
}

/// The cost of one source line (or of the "no source line" bucket, or the totals).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
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
    fn is_empty(&self) -> bool {
        self.ir == 0
            && self.spirv.is_empty()
            && self.spirv_opt.is_none_or(|c| c.is_empty())
            && self.helpers.values().all(|n| *n == 0)
            && self.inserted.is_empty()
    }

    fn merge(&mut self, other: &LineCost) {
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

fn merge_ops(into: &mut BTreeMap<String, u32>, from: &BTreeMap<String, u32>) {
    for (op, n) in from {
        *into.entry(op.clone()).or_default() += n;
    }
}

fn add_inserted(items: &mut Vec<Inserted>, item: Inserted) {
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
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
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
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TargetSummary {
    pub target: String,
    /// Calls per helper name, counted in the written code.
    pub calls_in_output: BTreeMap<String, u32>,
    /// Set when the target could not be written.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub error: Option<String>,
}

/// The whole report for one shader.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Annotation {
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

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
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
            index: policy_name(policies.index),
            buffer: policy_name(policies.buffer),
            image_load: policy_name(policies.image_load),
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

fn policy_name(policy: naga::proc::BoundsCheckPolicy) -> String {
    match policy {
        naga::proc::BoundsCheckPolicy::Restrict => "restrict",
        naga::proc::BoundsCheckPolicy::ReadZeroSkipWrite => "read-zero-skip-write",
        naga::proc::BoundsCheckPolicy::Unchecked => "unchecked",
    }
    .to_string()
}

impl Annotation {
    /// The line's cost, if it has any. A linear search: to walk every line, use
    /// [`Annotation::line_lookup`].
    pub fn line(&self, file: &str, line: u32) -> Option<&LineCost> {
        self.lines.iter().find(|l| l.line == line && l.file == file)
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

/// A key for a line: file id and zero-based line index.
type LineKey = (usize, usize);

/// Everything attributed to one site (or to none), for one SPIR-V module.
#[derive(Default)]
struct SiteOps {
    ops: HashMap<Option<u32>, BTreeMap<spv_lines::Opcode, u32>>,
}

impl SiteOps {
    fn from_listing(listing: &spv_lines::Listing) -> Self {
        let mut ops: HashMap<Option<u32>, BTreeMap<spv_lines::Opcode, u32>> = HashMap::new();
        for inst in &listing.instructions {
            *ops.entry(inst.column)
                .or_default()
                .entry(inst.opcode)
                .or_default() += 1;
        }
        SiteOps { ops }
    }
}

/// Annotate a compiled shader.
pub fn annotate(
    compilation: &Compilation,
    options: &AnnotateOptions,
) -> Result<Annotation, Diagnostic> {
    let name = compilation.name().to_string();
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        annotate_inner(compilation, options)
    }));
    match result {
        Ok(result) => result,
        Err(panic) => Err(crate::pipeline::internal_error(
            &format!("{name} (annotate)"),
            panic,
        )),
    }
}

fn annotate_error(compilation: &Compilation, message: String) -> Diagnostic {
    Diagnostic::error()
        .with_code("E-ANNOTATE")
        .with_message(format!("{}: {message}", compilation.name()))
}

fn annotate_inner(
    compilation: &Compilation,
    options: &AnnotateOptions,
) -> Result<Annotation, Diagnostic> {
    let parsed = &compilation.parsed;
    let tagged = sites::tag(&parsed.module);
    // naga finds each OpLine's column by scanning the source up to the span: quadratic in
    // the number of sites (about 5 s for 120 000 on a 2-core VM). Refuse rather than hang.
    if tagged.sites.len() > MAX_SITES {
        return Err(annotate_error(
            compilation,
            format!(
                "{} expressions and statements: more than prism annotates ({MAX_SITES}); split the shader",
                tagged.sites.len()
            ),
        ));
    }
    let info = naga::valid::Validator::new(
        naga::valid::ValidationFlags::all(),
        naga::valid::Capabilities::all(),
    )
    .validate(&tagged.module)
    .map_err(|e| {
        annotate_error(
            compilation,
            format!("the per-expression module does not validate: {e}"),
        )
    })?;
    let policies = compilation.robustness.policies();
    let unchecked = BoundsCheckPolicies::default();
    let source = tagged.debug_source();
    let write = |policies: &BoundsCheckPolicies,
                 loop_bound: bool|
     -> Result<Vec<u32>, Diagnostic> {
        let mut spirv_options = compilation.targets.spirv.clone();
        spirv_options.debug_names = true;
        let mut naga_options = back::spirv::naga_options(&spirv_options, policies);
        naga_options.force_loop_bounding &= loop_bound;
        naga_options.debug_info = Some(naga::back::spv::DebugInfo {
            source_code: &source,
            file_name: "prism-sites",
            language: naga::back::spv::SourceLanguage::Unknown,
        });
        naga::back::spv::write_vec(&tagged.module, &info, &naga_options, None)
            .map_err(|e| annotate_error(compilation, format!("SPIR-V: {}", back::error_chain(&e))))
    };
    let read = |words: &[u32]| {
        spv_lines::read(words).map_err(|e| annotate_error(compilation, e.to_string()))
    };
    let optimize = |words: &[u32]| {
        spv_lines::optimize(words)
            .map_err(|e| annotate_error(compilation, format!("spirv-opt: {e}")))
    };

    // Up to three builds: as compiled; with every check off (what the first has beyond it,
    // per site and opcode, is the checks'); and also without naga's forced loop bound (what
    // the second has beyond that is the bound's).
    let has_loops = tagged
        .sites
        .iter()
        .any(|s| s.kind == sites::SiteKind::Statement("loop"));
    let checked_words = write(&policies, true)?;
    let no_checks_words = (policies != unchecked)
        .then(|| write(&unchecked, true))
        .transpose()?;
    let no_loops_words = has_loops.then(|| write(&unchecked, false)).transpose()?;
    let read_all = |words: &[u32],
                    no_checks: Option<&Vec<u32>>,
                    no_loops: Option<&Vec<u32>>,
                    opt: bool|
     -> Result<Builds, Diagnostic> {
        let get = |w: &[u32]| -> Result<spv_lines::Listing, Diagnostic> {
            if opt {
                read(&optimize(w)?)
            } else {
                read(w)
            }
        };
        Ok(Builds {
            listing: get(words)?,
            no_checks: no_checks.map(|w| get(w)).transpose()?,
            no_loops: no_loops.map(|w| get(w)).transpose()?,
        })
    };
    let emitted_builds = read_all(
        &checked_words,
        no_checks_words.as_ref(),
        no_loops_words.as_ref(),
        false,
    )?;
    let optimized_builds = options
        .optimize
        .then(|| {
            read_all(
                &checked_words,
                no_checks_words.as_ref(),
                no_loops_words.as_ref(),
                true,
            )
        })
        .transpose()?;
    let emitted = &emitted_builds.listing;
    let optimized = optimized_builds.as_ref().map(|b| &b.listing);

    let mut lines: BTreeMap<LineKey, LineCost> = BTreeMap::new();
    let mut no_line = LineCost::default();
    let site_line = |column: Option<u32>| -> Option<LineKey> {
        let site = tagged.site_of_column(column?)?;
        let loc: Loc = parsed.spans.to_user(site.span)?;
        let file = compilation.files.get(loc.file);
        Some((loc.file, file.line_index(loc.start as usize)))
    };

    // naga IR operations: one per site, but for expressions that only compute a pointer
    // (they become part of the load or store that uses them).
    for (index, site) in tagged.sites.iter().enumerate() {
        if site.kind == sites::SiteKind::Statement("block")
            || is_pointer(&parsed.module, &parsed.info, site)
        {
            continue;
        }
        let column = Some(index as u32 + 2);
        bucket(&mut lines, &mut no_line, site_line(column)).ir += 1;
    }

    // SPIR-V, emitted and optimized.
    let mut place = |builds: &Builds, target: &str, column_of: fn(&mut LineCost) -> ColumnMut| {
        for site in attribute(&tagged, builds, target) {
            let line = bucket(&mut lines, &mut no_line, site_line(site.column));
            let (counts, ops) = column_of(line);
            counts.merge(&site.counts);
            merge_ops(ops, &site.ops);
            for item in site.inserted {
                add_inserted(&mut line.inserted, item);
            }
        }
    };
    place(&emitted_builds, "spirv", |l| {
        (&mut l.spirv, &mut l.spirv_ops)
    });
    if let Some(builds) = &optimized_builds {
        place(builds, "spirv-opt", |l| {
            (
                l.spirv_opt.get_or_insert_with(Counts::default),
                &mut l.spirv_opt_ops,
            )
        });
        // Lines with emitted code that the optimizer removed count 0, not "not computed".
        for line in lines.values_mut().chain([&mut no_line]) {
            line.spirv_opt.get_or_insert_with(Counts::default);
        }
    }
    let functions = function_costs(emitted, optimized);
    helper_function_items(&functions, "spirv", &mut no_line);

    // Text targets.
    let mut notes = Vec::new();
    let mut summaries = Vec::new();
    let predicted = targets::predict(&parsed.module, &parsed.info, &tagged);
    for &target in &options.targets {
        if target.is_binary() || matches!(target, Target::Spirv | Target::SpirvAsm) {
            continue;
        }
        let key = target.name().to_string();
        let text = match compilation.emit(target) {
            Ok(output) => output.as_text().unwrap_or_default().to_string(),
            Err(diagnostic) => {
                notes.push(format!("{key}: not written: {}", diagnostic.message));
                summaries.push(TargetSummary {
                    target: key,
                    calls_in_output: BTreeMap::new(),
                    error: Some(diagnostic.message),
                });
                continue;
            }
        };
        let found = targets::count_helper_calls(&text);
        for line in lines.values_mut() {
            line.helpers.insert(key.clone(), 0);
        }
        no_line.helpers.insert(key.clone(), 0);
        let mut placed: BTreeMap<String, u32> = BTreeMap::new();
        for p in predicted.iter().filter(|p| p.targets.contains(&target)) {
            let line = bucket(&mut lines, &mut no_line, site_line(Some(p.column)));
            *line.helpers.entry(key.clone()).or_default() += 1;
            add_inserted(
                &mut line.inserted,
                Inserted {
                    target: key.clone(),
                    kind: p.kind,
                    what: p.helper.clone(),
                    count: 1,
                },
            );
            *placed.entry(p.helper.clone()).or_default() += 1;
        }
        for (helper, &calls) in &found {
            let expected = placed.get(helper).copied().unwrap_or(0);
            if calls > expected {
                let extra = calls - expected;
                *no_line.helpers.entry(key.clone()).or_default() += extra;
                add_inserted(
                    &mut no_line.inserted,
                    Inserted {
                        target: key.clone(),
                        kind: targets::helper_kind(helper),
                        what: helper.clone(),
                        count: extra,
                    },
                );
                notes.push(format!(
                    "{key}: {extra} call(s) of {helper} could not be placed on a source line"
                ));
            }
        }
        for (helper, &expected) in &placed {
            let calls = found.get(helper).copied().unwrap_or(0);
            if calls < expected {
                notes.push(format!(
                    "{key}: prism expected {expected} call(s) of {helper} but the output has {calls}"
                ));
            }
        }
        summaries.push(TargetSummary {
            target: key,
            calls_in_output: found,
            error: None,
        });
    }

    let mut totals = LineCost::default();
    for line in lines.values() {
        totals.merge(line);
    }
    totals.merge(&no_line);
    if optimized.is_some() {
        totals.spirv_opt.get_or_insert_with(Counts::default);
    }

    let lines = lines
        .into_iter()
        .filter(|(_, cost)| !cost.is_empty())
        .map(|((file, line), mut cost)| {
            cost.file = compilation.files.get(file).name.clone();
            cost.line = line as u32 + 1;
            cost
        })
        .collect();
    let robustness = Robustness::of(&compilation.robustness);
    Ok(Annotation {
        schema: SCHEMA.to_string(),
        input: compilation.name().to_string(),
        entry_points: parsed
            .module
            .entry_points
            .iter()
            .map(|ep| format!("{} ({:?})", ep.name, ep.stage).to_lowercase())
            .collect(),
        robustness,
        lines,
        no_source_line: no_line,
        totals,
        functions,
        targets: summaries,
        notes,
    })
}

fn bucket<'a>(
    lines: &'a mut BTreeMap<LineKey, LineCost>,
    no_line: &'a mut LineCost,
    key: Option<LineKey>,
) -> &'a mut LineCost {
    match key {
        Some(key) => lines.entry(key).or_default(),
        None => no_line,
    }
}

/// A line's counts and opcodes for one of the SPIR-V columns.
type ColumnMut<'a> = (&'a mut Counts, &'a mut BTreeMap<String, u32>);

/// What one site (or no site) holds in one SPIR-V module.
struct SiteCost {
    column: Option<u32>,
    counts: Counts,
    inserted: Vec<Inserted>,
    /// Instructions by opcode name.
    ops: BTreeMap<String, u32>,
}

/// One module as compiled, and the same without checks and without the forced loop bound.
struct Builds {
    listing: spv_lines::Listing,
    no_checks: Option<spv_lines::Listing>,
    no_loops: Option<spv_lines::Listing>,
}

/// Per site: the counts by category, the opcodes and the inserted code, for one SPIR-V module.
fn attribute(tagged: &sites::Tagged, builds: &Builds, target: &str) -> Vec<SiteCost> {
    let checked = SiteOps::from_listing(&builds.listing);
    let no_checks = builds.no_checks.as_ref().map(SiteOps::from_listing);
    let no_loops = builds.no_loops.as_ref().map(SiteOps::from_listing);
    let count_in = |ops: &Option<SiteOps>, column: Option<u32>, opcode, default: u32| match ops {
        Some(ops) => ops
            .ops
            .get(&column)
            .and_then(|m| m.get(&opcode))
            .copied()
            .unwrap_or(0),
        None => default,
    };
    let mut out = Vec::new();
    let mut columns: Vec<_> = checked.ops.keys().copied().collect();
    columns.sort();
    for column in columns {
        let ops = &checked.ops[&column];
        let site = column.and_then(|c| tagged.site_of_column(c));
        let float_to_int = site.is_some_and(|s| is_float_to_int(&tagged.module, s));
        let mut counts = Counts::default();
        let mut inserted = Vec::new();
        let mut check_ops: Vec<(spv_lines::Opcode, u32)> = Vec::new();
        let mut loop_ops: Vec<(spv_lines::Opcode, u32)> = Vec::new();
        for (&opcode, &n) in ops {
            let without_checks = count_in(&no_checks, column, opcode, n).min(n);
            let without_loops = count_in(&no_loops, column, opcode, without_checks);
            let check = n - without_checks;
            let bound = without_checks.saturating_sub(without_loops);
            if check > 0 {
                check_ops.push((opcode, check));
                counts.add(Category::BoundsCheck, check);
            }
            if bound > 0 {
                loop_ops.push((opcode, bound));
                counts.add(Category::Control, bound);
            }
            let normal = n - check - bound;
            if normal == 0 {
                continue;
            }
            if float_to_int && opcode.is_gl(GLOp::FClamp) {
                counts.add(Category::Conversion, normal);
                inserted.push(Inserted {
                    target: target.to_string(),
                    kind: InsertedKind::SaturatingConversion,
                    what: "FClamp before float→int conversion".to_string(),
                    count: normal,
                });
            } else {
                counts.add(opcode.category(), normal);
            }
        }
        let total = |ops: &[(spv_lines::Opcode, u32)]| ops.iter().map(|(_, n)| n).sum();
        if !check_ops.is_empty() {
            inserted.push(Inserted {
                target: target.to_string(),
                kind: InsertedKind::BoundsCheck,
                what: describe_check(&check_ops),
                count: total(&check_ops),
            });
        }
        if !loop_ops.is_empty() {
            inserted.push(Inserted {
                target: target.to_string(),
                kind: InsertedKind::LoopBound,
                what: format!(
                    "forced loop bound: a counter that ends any loop ({})",
                    op_list(&loop_ops)
                ),
                count: total(&loop_ops),
            });
        }
        let mut names = BTreeMap::new();
        for (op, n) in ops {
            *names.entry(op.name()).or_default() += n;
        }
        out.push(SiteCost {
            column,
            counts,
            inserted,
            ops: names,
        });
    }
    out
}

/// `OpLoad×2, UMin` for a list of opcodes.
fn op_list(ops: &[(spv_lines::Opcode, u32)]) -> String {
    ops.iter()
        .map(|(op, n)| {
            if *n > 1 {
                format!("{}×{n}", op.name())
            } else {
                op.name()
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Opcodes a bounds check itself writes (the rest of a site's excess, in an optimized
/// module, is work the optimizer could no longer remove because of the check).
fn is_check_opcode(op: spv_lines::Opcode) -> bool {
    use spirv::Op;
    [
        Op::BranchConditional,
        Op::Branch,
        Op::Phi,
        Op::ArrayLength,
        Op::ISub,
        Op::ULessThan,
        Op::ULessThanEqual,
        Op::UGreaterThan,
        Op::SLessThan,
        Op::Select,
        Op::LogicalAnd,
    ]
    .iter()
    .any(|o| op.is(*o))
        || op.is_gl(GLOp::UMin)
}

/// A bounds check by the instructions it added.
fn describe_check(ops: &[(spv_lines::Opcode, u32)]) -> String {
    let has = |f: &dyn Fn(spv_lines::Opcode) -> bool| ops.iter().any(|(op, _)| f(*op));
    let branchy = has(&|op| op.is(spirv::Op::BranchConditional) || op.is(spirv::Op::Phi));
    let clamp = has(&|op| op.is_gl(GLOp::UMin));
    let length = has(&|op| op.is(spirv::Op::ArrayLength));
    let mut text = match (clamp, branchy) {
        (true, false) => "Restrict: UMin(i, N-1)".to_string(),
        (false, true) => "ReadZeroSkipWrite: compare + branch".to_string(),
        (true, true) => "Restrict and ReadZeroSkipWrite".to_string(),
        (false, false) => "bounds check".to_string(),
    };
    if length {
        text.push_str(" with OpArrayLength");
    }
    let (check, lost): (Vec<_>, Vec<_>) = ops
        .iter()
        .copied()
        .partition(|(op, _)| is_check_opcode(*op));
    if !check.is_empty() {
        text.push_str(&format!(" ({})", op_list(&check)));
    }
    if !lost.is_empty() {
        text.push_str(&format!(
            "; plus work the optimizer no longer removes because of the check ({})",
            op_list(&lost)
        ));
    }
    text
}

fn is_pointer(module: &naga::Module, info: &naga::valid::ModuleInfo, site: &sites::Site) -> bool {
    let sites::SiteKind::Expression(handle) = site.kind else {
        return false;
    };
    let function_info = match site.function {
        sites::FunctionRef::Function(f) => &info[f],
        sites::FunctionRef::EntryPoint(i) => info.get_entry_point(i),
    };
    function_info[handle]
        .ty
        .inner_with(&module.types)
        .pointer_space()
        .is_some()
}

fn is_float_to_int(module: &naga::Module, site: &sites::Site) -> bool {
    let sites::SiteKind::Expression(handle) = site.kind else {
        return false;
    };
    let function = match site.function {
        sites::FunctionRef::Function(f) => &module.functions[f],
        sites::FunctionRef::EntryPoint(i) => &module.entry_points[i].function,
    };
    matches!(
        function.expressions[handle],
        naga::Expression::As {
            kind: naga::ScalarKind::Sint | naga::ScalarKind::Uint,
            convert: Some(_),
            ..
        }
    )
}

/// naga's own helper functions (no `OpLine` in their bodies): one item each in the bucket.
fn helper_function_items(functions: &[FunctionCost], target: &str, no_line: &mut LineCost) {
    for function in functions.iter().filter(|f| f.kind == "helper") {
        add_inserted(
            &mut no_line.inserted,
            Inserted {
                target: target.to_string(),
                kind: targets::helper_kind(&function.name),
                what: format!("body of {}", function.name),
                count: function.spirv,
            },
        );
    }
}

fn function_costs(
    emitted: &spv_lines::Listing,
    optimized: Option<&spv_lines::Listing>,
) -> Vec<FunctionCost> {
    emitted
        .functions
        .iter()
        .map(|(id, f)| {
            let name = f.name.clone().unwrap_or_else(|| format!("%{id}"));
            let kind = if f.is_entry_point {
                "entry-point"
            } else if f.has_lines {
                "function"
            } else {
                "helper"
            };
            let spirv_opt = optimized.and_then(|opt| {
                opt.functions
                    .iter()
                    .find(|(_, g)| {
                        g.name.as_deref() == Some(name.as_str())
                            && g.is_entry_point == f.is_entry_point
                    })
                    .map(|(_, g)| g.instructions)
            });
            FunctionCost {
                name,
                kind: kind.to_string(),
                spirv: f.instructions,
                spirv_opt,
            }
        })
        .collect()
}
