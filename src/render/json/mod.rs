//! JSON documents. Each is a `#[derive(Serialize, JsonSchema)]` type: the library's own
//! report where it is the document ([`Annotation`](crate::annotate::Annotation),
//! [`Diff`](crate::annotate::diff::Diff), [`Baseline`](crate::check::Baseline)), or a
//! document type here that borrows the report ([`CheckDocument`], [`LintDocument`], ...).
//! [`schemas`] lists every versioned document with its JSON Schema, which `docs/schemas/`
//! holds and the tests compare and validate against.
//!
//! The trap: the bytes are part of the interface (tests and users diff them). Documents that
//! were first written through `serde_json::Value` have sorted keys, so their types declare
//! fields in alphabetical order; the others keep declaration order. Never route a document
//! through `Value` (it would sort every key) and never reorder fields.

mod check;
mod compile;
mod diagnostic;
mod isa;
mod lint;
mod schemas;

use serde::Serialize;

pub use check::{ChangeEntry, CheckDocument, NotComparableEntry, CHECK_SCHEMA};
pub use compile::{
    CompileCheckDocument, CompileDocument, CompiledInput, CompiledShader, EntryPoint, FailedInput,
    ShaderResult, TargetOutput,
};
pub use diagnostic::{bindings, diagnostic, diagnostics, JsonBinding, JsonDiagnostic, JsonLabel};
pub use isa::{IsaDocument, IsaErrorEntry, IsaGpu, IsaGpusDocument, ISA_SCHEMA};
pub use lint::{merge_lint, LintDocument, LintDocumentFile, LintShard};
pub use schemas::{schemas, DocumentSchema};

/// A document as pretty JSON with a trailing newline: how every prism JSON output ends.
pub fn to_string<T: Serialize + ?Sized>(document: &T) -> String {
    let mut text = serde_json::to_string_pretty(document).expect("prism's documents serialize");
    text.push('\n');
    text
}
