//! Why a stub call could not be lowered, for every lowering in [`super`].

use naga::Span;

/// A stub call that could not be lowered.
#[derive(Debug)]
pub struct Unlowered {
    pub span: Span,
    /// `E-ATOMIC` (the shader's mistake, or a shape prism does not recognise) or
    /// `E-UNSUPPORTED` (what naga's IR cannot express).
    pub code: &'static str,
    pub reason: String,
}

impl Unlowered {
    pub(super) fn atomic(span: Span, reason: impl Into<String>) -> Self {
        Unlowered {
            span,
            code: "E-ATOMIC",
            reason: reason.into(),
        }
    }
}
