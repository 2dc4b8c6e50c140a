//! `prism lint`: shader cost rules checked on naga IR, with fixes measured before they are
//! offered.
//!
//! In: a [`Compilation`](crate::pipeline::Compilation) and [`LintOptions`] (which rules, at which severity). Out: a
//! [`LintReport`]: findings in source order, each pointing at the user's file, line and
//! column (through the dialect layer and includes), with the cost its line measures under the
//! robustness preset in force and, where the rule has one, a [`Fix`].
//!
//! The traps:
//! - naga's GLSL reader gives builtin calls no span; [`Context::expr_loc`] falls back on the
//!   span covering the operands and widens it to `name(…)`, with the repairs `annotate` uses
//!   too (`front::span_repair`).
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
//!
//! The files, in the order a shader goes through them: `engine.rs` runs each enabled rule
//! with a [`Context`] (`context.rs`), which computes the shared IR analyses (`analysis/`) on
//! first use; the rules' [`Violation`]s become [`Finding`]s (`finding.rs`), inline comments
//! suppress some (`suppress.rs`), and `fix/` measures and applies fixes. `options.rs` and
//! `config.rs` say which rules run; `render/` writes the reports. This file only lists them.

pub(crate) mod analysis;
pub mod codes;
pub mod config;
mod context;
mod declare;
mod engine;
mod finding;
pub mod fix;
mod options;
pub mod render;
mod rule;
pub mod rules;
mod suppress;

pub use codes::{rule_by_code, RULES, UNUSED_SUPPRESSION};
pub use context::Context;
pub use engine::{lint, lint_with_costs, CostNotes};
pub use finding::{
    Applicability, Category, Edit, Finding, Fix, LintReport, Measured, Severity, Violation, SCHEMA,
};
pub use options::{unknown_selector, LintOptions};
pub use rule::Rule;
