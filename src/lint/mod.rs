//! `prism lint`: shader cost rules checked on naga IR, with fixes measured before they are
//! offered.
//!
//! In: a [`Compilation`] and [`LintOptions`] (which rules, at which severity). Out: a
//! [`LintReport`]: findings in source order, each pointing at the user's file, line and
//! column (through the dialect layer and includes), with the cost its line measures under the
//! robustness preset in force and, where the rule has one, a [`Fix`].
//!
//! The traps:
//! - naga's GLSL reader gives builtin calls no span; [`Context::expr_loc`] falls back on the
//!   span covering the operands, as `annotate` does.
//! - A span that went through a macro expansion or a dialect rewrite does not hold the text
//!   the IR says it holds. A fix edit is only made when the user's bytes at the mapped
//!   location are the bytes naga read ([`Context::verbatim`]); otherwise the fix is dropped
//!   and the finding stays.
//! - What a bounds check costs depends on the preset: `Restrict` is one `UMin`,
//!   `ReadZeroSkipWrite` a compare, a branch and a phi, `Unchecked` nothing. Rules phrase their
//!   messages from [`Context::policies`].
//!
//! Rules live one per file under `rules/`, their codes in one table (`codes.rs`); rule
//! documentation uses the fixed sections What it does / Why is this bad? / Example / Use
//! instead / Fix safety, and `prism rule CODE` prints it.

pub mod codes;
pub mod config;
mod context;
pub mod fix;
pub mod ir;
pub mod render;
pub mod rules;
mod spans;
mod suppress;

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::pipeline::Compilation;
use crate::source::{Loc, SourceFiles};

pub use codes::{rule_by_code, RULES};
pub use context::Context;

/// The JSON schema name and version of a lint report.
pub const SCHEMA: &str = "prism-lint/1";

/// How loud a finding is. `Error` findings make `prism lint` exit 1.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Note,
    Warning,
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Note => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

impl std::str::FromStr for Severity {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "note" => Ok(Severity::Note),
            "warning" => Ok(Severity::Warning),
            "error" => Ok(Severity::Error),
            _ => Err(format!(
                "unknown severity `{s}`; expected note, warning or error"
            )),
        }
    }
}

/// What a rule is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Category {
    /// The pattern costs instructions; the rule says how many on the active targets.
    Cost,
    /// The pattern gives undefined or unintended results.
    Correctness,
    /// Code that does nothing (no measured cost: the optimizers delete it).
    Hygiene,
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Category::Cost => "cost",
            Category::Correctness => "correctness",
            Category::Hygiene => "hygiene",
        })
    }
}

/// How far a fix can be trusted (clippy's and ruff's applicability).
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Applicability {
    /// Same results for every input: `--fix` applies it.
    Safe,
    /// Same results for the inputs the shader is meant for, different for some others:
    /// applied only with `--unsafe-fixes`.
    Unsafe,
    /// A rewrite to make by hand (it changes declarations the application relies on, or
    /// cannot be written as a text edit): shown, never applied.
    DisplayOnly,
}

impl fmt::Display for Applicability {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Applicability::Safe => "safe",
            Applicability::Unsafe => "unsafe",
            Applicability::DisplayOnly => "display-only",
        })
    }
}

/// Replace the user's bytes at `loc` with `replacement`. In JSON the location is `bytes`:
/// `[start, end)` byte offsets into the finding's file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Edit {
    #[serde(rename = "bytes", with = "byte_range")]
    #[schemars(with = "[u32; 2]")]
    pub loc: Loc,
    pub replacement: String,
}

mod byte_range {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use crate::source::Loc;

    pub fn serialize<S: Serializer>(loc: &Loc, serializer: S) -> Result<S::Ok, S::Error> {
        [loc.start, loc.end].serialize(serializer)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Loc, D::Error> {
        let [start, end] = <[u32; 2]>::deserialize(deserializer)?;
        Ok(Loc::new(0, start as usize..end as usize))
    }
}

/// What a measured fix did to the shader's counts.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Measured {
    /// `spirv-opt`, or an ISA statistic as `vega10 Instructions`.
    pub metric: String,
    pub before: f64,
    pub after: f64,
}

/// A rewrite that removes the finding.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Fix {
    pub applicability: Applicability,
    /// What the fix does, imperative: `use \`>> 6\``.
    pub message: String,
    /// Text edits; empty for display-only fixes.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub edits: Vec<Edit>,
    /// Counts before and after applying the edits to this shader (see [`fix::measure`]).
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub measured: Vec<Measured>,
}

/// What a rule reports, before the engine resolves severity and suppressions.
#[derive(Clone, Debug)]
pub struct Violation {
    /// Lowercase, no trailing period, names the pattern.
    pub message: String,
    pub loc: Option<Loc>,
    /// Further lines: what it costs, why, what removes it.
    pub notes: Vec<String>,
    pub fix: Option<Fix>,
}

impl Violation {
    pub fn new(message: impl Into<String>, loc: Option<Loc>) -> Self {
        Violation {
            message: message.into(),
            loc,
            notes: Vec::new(),
            fix: None,
        }
    }

    pub fn note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    pub fn with_fix(mut self, fix: Option<Fix>) -> Self {
        self.fix = fix;
        self
    }
}

/// A rule: its identity, documentation and check. One per file under `rules/`.
pub struct Rule {
    /// Stable code, never reused (`ARI001`).
    pub code: &'static str,
    /// The pattern's name, kebab-case; reads well after "allow".
    pub name: &'static str,
    pub category: Category,
    /// Whether the rule runs when the configuration does not select it.
    pub default_enabled: bool,
    pub default_severity: Severity,
    /// The most a fix of this rule can be trusted; `None` for rules without fixes.
    pub fix: Option<Applicability>,
    /// One line, for `prism rule --all`.
    pub summary: &'static str,
    /// Markdown with the sections What it does / Why is this bad? / Example / Use instead /
    /// Fix safety.
    pub doc: &'static str,
    pub check: fn(&Context, &mut Vec<Violation>),
}

impl fmt::Debug for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.code, self.name)
    }
}

/// One finding, resolved: severity from the configuration, location in the user's files.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Finding {
    pub code: String,
    pub rule: String,
    pub severity: Severity,
    pub category: Category,
    pub message: String,
    /// The file as the user named it; the shader itself when the IR had no span.
    pub file: String,
    /// One-based; 0 when the finding has no location.
    pub line: u32,
    pub column: u32,
    pub end_line: u32,
    pub end_column: u32,
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub notes: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub fix: Option<Fix>,
    #[serde(skip)]
    pub loc: Option<Loc>,
}

/// Which rules run, and how loud each is.
#[derive(Clone, Debug, Default)]
pub struct LintOptions {
    /// Rule codes (or code prefixes, or `ALL`) to run; empty means the default set.
    pub select: Vec<String>,
    /// Codes or prefixes to leave out (wins over `select`).
    pub ignore: Vec<String>,
    /// Codes or prefixes added to the selection (`extend-select`).
    pub extend_select: Vec<String>,
    /// Severity overrides by code or prefix.
    pub severity: Vec<(String, Severity)>,
    /// Measure each fix's effect on optimized SPIR-V (and on these GPU families' ISA):
    /// a cost fix that does not lower a count on this shader is shown, not applied.
    pub measure_fixes: bool,
    /// Text targets whose helper calls cost notes name (empty: HLSL and MSL).
    pub targets: Vec<crate::back::Target>,
    pub gpus: Vec<crate::isa::GpuSpec>,
    /// How to reach the ISA worker; without it `gpus` are not measured.
    pub isa: Option<crate::isa::IsaOptions>,
}

fn matches(selector: &str, code: &str) -> bool {
    selector.eq_ignore_ascii_case("ALL") || code.starts_with(&selector.to_ascii_uppercase())
}

impl LintOptions {
    /// Whether `rule` runs under these options.
    pub fn enabled(&self, rule: &Rule) -> bool {
        let selected = if self.select.is_empty() {
            rule.default_enabled
        } else {
            self.select.iter().any(|s| matches(s, rule.code))
        };
        let extended = self.extend_select.iter().any(|s| matches(s, rule.code));
        (selected || extended) && !self.ignore.iter().any(|s| matches(s, rule.code))
    }

    /// The rule's severity: the most specific override (longest selector) wins.
    pub fn severity(&self, rule: &Rule) -> Severity {
        self.severity
            .iter()
            .filter(|(s, _)| matches(s, rule.code))
            .max_by_key(|(s, _)| {
                if s.eq_ignore_ascii_case("ALL") {
                    0
                } else {
                    s.len()
                }
            })
            .map(|(_, severity)| *severity)
            .unwrap_or(rule.default_severity)
    }
}

/// A selector that names no rule: an error in a configuration, so a typo does not silently
/// disable nothing.
pub fn unknown_selector(selector: &str) -> bool {
    !selector.eq_ignore_ascii_case("ALL") && !RULES.iter().any(|r| matches(selector, r.code))
}

/// Every finding of one shader.
#[derive(Clone, Debug, Default, Serialize, Deserialize, schemars::JsonSchema)]
pub struct LintReport {
    pub input: String,
    pub robustness: String,
    pub findings: Vec<Finding>,
    /// Findings an inline `// prism: allow(...)` silenced.
    pub suppressed: usize,
}

impl LintReport {
    pub fn has_errors(&self) -> bool {
        self.findings.iter().any(|f| f.severity == Severity::Error)
    }
}

/// Run the enabled rules over one compiled shader.
pub fn lint(compilation: &Compilation, options: &LintOptions) -> LintReport {
    let context = Context::new(compilation, &options.targets);
    let mut findings = Vec::new();
    for rule in RULES.iter().filter(|r| options.enabled(r)) {
        let mut violations = Vec::new();
        // A rule is IR analysis over a third-party data structure: a panic in one rule is a
        // bug to report, not a reason to lose the other rules' findings.
        let ran = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            (rule.check)(&context, &mut violations)
        }));
        if ran.is_err() {
            findings.push(internal_finding(compilation, rule));
            continue;
        }
        for violation in violations {
            findings.push(resolve(&context, rule, options.severity(rule), violation));
        }
    }
    sort_findings(&mut findings);
    findings.dedup_by(|a, b| a.code == b.code && a.loc == b.loc && a.message == b.message);
    let (mut findings, suppressed, unused) = suppress::apply(&compilation.files, findings);
    if options.enabled(&suppress::UNUSED_SUPPRESSION) {
        let severity = options.severity(&suppress::UNUSED_SUPPRESSION);
        // A code of a rule that did not run may be in use: only unknown codes and codes of
        // rules that ran are reported.
        for (violation, code) in unused {
            if rule_by_code(&code).is_none_or(|rule| options.enabled(rule)) {
                findings.push(resolve(
                    &context,
                    &suppress::UNUSED_SUPPRESSION,
                    severity,
                    violation,
                ));
            }
        }
        sort_findings(&mut findings);
    }
    if options.measure_fixes {
        fix::measure_all(&context, &mut findings, options);
    }
    LintReport {
        input: compilation.name().to_string(),
        robustness: crate::annotate::Robustness::of(&compilation.robustness).to_string(),
        findings,
        suppressed,
    }
}

fn sort_findings(findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        (
            a.file.as_str(),
            a.line,
            a.column,
            a.code.as_str(),
            &a.message,
        )
            .cmp(&(
                b.file.as_str(),
                b.line,
                b.column,
                b.code.as_str(),
                &b.message,
            ))
    });
}

fn internal_finding(compilation: &Compilation, rule: &Rule) -> Finding {
    Finding {
        code: rule.code.to_string(),
        rule: rule.name.to_string(),
        severity: Severity::Warning,
        category: rule.category,
        message: format!(
            "internal error in rule {} on this shader (a bug in prism; please report it with the input)",
            rule.code
        ),
        file: compilation.name().to_string(),
        line: 0,
        column: 0,
        end_line: 0,
        end_column: 0,
        notes: Vec::new(),
        fix: None,
        loc: None,
    }
}

fn resolve(context: &Context, rule: &Rule, severity: Severity, violation: Violation) -> Finding {
    let files = &context.compilation.files;
    let (file, (line, column), (end_line, end_column)) = match violation.loc {
        Some(loc) => (
            display_name(files, loc.file, context.compilation.root),
            one_based(files, loc.file, loc.start as usize),
            one_based(files, loc.file, loc.end as usize),
        ),
        None => (context.compilation.name().to_string(), (0, 0), (0, 0)),
    };
    let mut notes = violation.notes;
    if rule.category == Category::Cost {
        if let Some(cost) = violation.loc.and_then(|loc| context.line_cost_note(loc)) {
            notes.insert(0, cost);
        }
    }
    Finding {
        code: rule.code.to_string(),
        rule: rule.name.to_string(),
        severity,
        category: rule.category,
        message: violation.message,
        file,
        line,
        column,
        end_line,
        end_column,
        notes,
        fix: violation.fix,
        loc: violation.loc,
    }
}

/// How a finding names its file: the shader as the user named it; an included file by its
/// path relative to the working directory (the `#include` spelling is no path a CI annotation
/// or an editor can open).
fn display_name(files: &SourceFiles, file: usize, root: usize) -> String {
    let source = files.get(file);
    match (&source.path, file == root) {
        (Some(path), false) => std::env::current_dir()
            .ok()
            .and_then(|cwd| cwd.canonicalize().ok())
            .and_then(|cwd| path.strip_prefix(cwd).ok().map(|p| p.to_path_buf()))
            .unwrap_or_else(|| path.clone())
            .display()
            .to_string(),
        _ => source.name.clone(),
    }
}

fn one_based(files: &SourceFiles, file: usize, offset: usize) -> (u32, u32) {
    let (line, column) = files.get(file).line_col(offset);
    (line as u32, column as u32)
}
