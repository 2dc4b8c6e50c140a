//! What a rule reports and what the engine makes of it: a rule's [`Violation`] (message,
//! location, notes, [`Fix`]) becomes a [`Finding`] (severity from the configuration, the
//! user's file, line and column), and one shader's findings a [`LintReport`].
//!
//! Plain data, serialised as `prism-lint/1`: every other file of `lint/` may use it, and it
//! uses none of them.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::source::Loc;

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
    /// For an ISA statistic, the driver that measured it, name and version
    /// (`radv Mesa 25.0.7`).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub driver: Option<String>,
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
    /// Counts before and after applying the edits to this shader (see `fix::measure_all`).
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
