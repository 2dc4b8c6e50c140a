//! Front ends: user source in, a validated naga module out.
//!
//! GLSL goes through prism's preprocessor and dialect layer, then naga's GLSL reader
//! ([`glsl`]); WGSL ([`wgsl`]) and SPIR-V ([`spirv`]) go to naga directly. Whatever the
//! input, the result carries a [`SpanMap`] ([`spans`]) that turns naga's spans into the
//! user's locations, and passes naga's validator ([`validate`](validate::validate)) and
//! prism's [`limits`]. [`span_repair`] gives back the text naga's readers meant by an
//! expression's span (builtin calls without one, member chains), for annotate and lint alike.
//!
//! Imports run one way: this file only names the others; `glsl` uses the leaves `spans` and
//! `validate`, never this file.

pub mod glsl;
pub mod limits;
pub mod span_repair;
pub mod spans;
pub mod spirv;
pub mod validate;
pub mod wgsl;

use crate::diagnostic::Diagnostic;
use crate::front::glsl::dialect::{Binding, Dialect};
use crate::shader::InputKind;
pub use spans::SpanMap;
pub use spirv::parse_spirv;
pub use validate::validate;
pub use wgsl::{check_nesting, parse_wgsl};

/// A parsed and validated module, with everything needed to point back at the source.
pub struct Parsed {
    pub kind: InputKind,
    pub module: naga::Module,
    pub info: naga::valid::ModuleInfo,
    pub spans: SpanMap,
    /// The text naga read (the dialect layer's output for GLSL; the source for WGSL).
    pub naga_text: Option<String>,
    pub dialect: Option<Dialect>,
    pub bindings: Vec<Binding>,
    pub warnings: Vec<Diagnostic>,
}
