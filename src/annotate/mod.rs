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

//! The files: [`report`](Annotation) holds the report's types, `engine` assembles one,
//! `attribute` splits a site's SPIR-V into the user's code and the inserted code, `targets`
//! predicts the text targets' helper calls, [`diff`] compares two annotations.

mod attribute;
pub mod diff;
mod engine;
mod report;
pub(crate) mod sites;
pub mod spv_lines;
mod targets;

use crate::diagnostic::Diagnostic;
use crate::pipeline::Compilation;

pub use report::{
    AnnotateOptions, Annotation, Counts, FunctionCost, Inserted, InsertedKind, LineCost,
    Robustness, TargetSummary, MAX_SITES, SCHEMA,
};
pub use spv_lines::Category;

/// Annotate a compiled shader.
pub fn annotate(
    compilation: &Compilation,
    options: &AnnotateOptions,
) -> Result<Annotation, Diagnostic> {
    let name = compilation.name().to_string();
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        engine::annotate_inner(compilation, options)
    }));
    match result {
        Ok(result) => result,
        Err(panic) => Err(crate::pipeline::internal_error(
            &format!("{name} (annotate)"),
            panic,
        )),
    }
}
