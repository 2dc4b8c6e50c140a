//! Text for a terminal or a log: diagnostics in codespan style (one loop for compile errors
//! and lint findings), the annotated source, diffs, check results, lint findings, and what
//! `prism compile` prints besides code.

mod annotation;
mod check;
mod codespan;
mod compile;
mod diff;
mod lint;

pub use annotation::{annotation, TextOptions};
pub use check::check;
pub(crate) use check::{change_cells, not_comparable_line};
pub use codespan::diagnostics;
pub(crate) use codespan::severity_name;
pub use compile::{bindings, compile_check};
pub use diff::diff;
pub use lint::{lint, lint_summary};
