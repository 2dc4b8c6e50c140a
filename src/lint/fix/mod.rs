//! Applying fixes, and measuring them before they are offered.
//!
//! A fix is a set of text edits in the user's file. [`fix_path`] applies the applicable ones
//! in passes (re-compiling and re-linting after each, as ruff does) until none is left, and
//! keeps a pass only when the result still compiles for every target the original compiled
//! for. `measure_all` (the lint run calls it) applies each finding's fix to an in-memory copy
//! and compares counts (optimized SPIR-V, and the ISA instruction count of the GPUs asked
//! for): a cost fix that lowers none of them on this shader is withdrawn, with a note saying
//! so. When no ISA could be measured (no GPU asked for, or no RADV), a fix that does not lower
//! optimized SPIR-V stays, with a note: SPIR-V cannot see most of what these rewrites save.
//! Nothing here writes a file: the CLI writes the result atomically.

mod apply;
mod edits;
mod measure;

pub use apply::{fix_path, Applied, Fixed, MAX_PASSES};
pub use edits::apply_edits;
pub(crate) use measure::measure_all;
