//! The shared state and token helpers of step 1, and what step 2 refuses (see the module
//! docs of `intrinsics`).

use crate::diagnostic::Diagnostic;
use crate::front::glsl::dialect::items::{matching_close, top_level_commas};
pub(super) use crate::front::glsl::dialect::tokens::{apply, gen, Edit};
use crate::front::glsl::preprocess::Token;
use crate::source::Loc;

/// The level that marks a `textureLod` as a gather of component 0 (plus the component).
pub const GATHER_MARK: f32 = 8_388_608.0;

/// The state of step 1.
pub(super) struct Pass<'t> {
    pub tokens: &'t [Token],
    pub edits: Vec<Edit>,
    /// Generated functions, by name (each once), put before the first token.
    pub stubs: Vec<(String, String)>,
    pub warnings: Vec<Diagnostic>,
    pub errors: Vec<Diagnostic>,
}

impl Pass<'_> {
    pub fn stub(&mut self, name: &str, source: impl FnOnce() -> String) {
        if !self.stubs.iter().any(|(n, _)| n == name) {
            self.stubs.push((name.to_string(), source()));
        }
    }

    pub fn is_call(&self, i: usize) -> bool {
        self.tokens.get(i + 1).is_some_and(|t| t.is_punct("("))
            && !(i > 0 && self.tokens[i - 1].is_punct("."))
    }

    /// The index of the `)` closing the `(` at `open`.
    pub fn close_of(&self, open: usize) -> Option<usize> {
        matching_close(self.tokens, open, self.tokens.len())
    }

    /// The top-level comma positions between `open` and `close`.
    pub fn commas(&self, open: usize, close: usize) -> Vec<usize> {
        top_level_commas(self.tokens, open, close)
    }

    pub fn replace(&mut self, start: usize, end: usize, insert: Vec<Token>) {
        self.edits.push(Edit { start, end, insert });
    }

    pub fn unsupported(&mut self, loc: Loc, message: String, label: &str) {
        self.errors.push(crate::diagnostic::error_at(
            "E-UNSUPPORTED",
            message,
            loc,
            label,
        ));
    }
}

/// What step 2 refuses, at a span of naga's module: a shader glslang rejects too, found
/// only once naga has evaluated its constant expressions (`E-DIALECT`), or a feature naga's
/// IR lacks (`E-UNSUPPORTED`).
#[derive(Debug)]
pub struct Refused {
    pub span: naga::Span,
    pub code: &'static str,
    pub message: String,
}

impl Refused {
    pub(super) fn dialect(span: naga::Span, message: String) -> Self {
        Refused {
            span,
            code: "E-DIALECT",
            message,
        }
    }
}
