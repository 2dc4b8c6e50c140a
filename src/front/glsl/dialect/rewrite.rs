//! What the steps of the declaration pass share: the tokens they read, the numbers they plan,
//! the edits and diagnostics they make.
//!
//! The steps live with their concern (`io`, `uniforms`, `samplers`, `resources`) as
//! `impl Rewrite` blocks or free functions; `declarations` runs them item by item.
//!
//! Trap: the tokens do not change during the pass; every step reads the original indices and
//! records [`Edit`]s, applied once when the pass ends.

use super::bindings::Planner;
use super::consts::Constants;
use super::tokens::{Edit, Names};
use crate::diagnostic::Diagnostic;
use crate::front::glsl::preprocess::Token;
use crate::shader::Stage;
use crate::source::Loc;

pub(super) struct Rewrite<'t> {
    pub tokens: &'t [Token],
    /// The user's identifiers, which generated names avoid.
    pub names: &'t Names,
    pub stage: Stage,
    pub plan: Planner,
    /// The shader's integer constants, for array lengths.
    pub constants: Constants,
    pub edits: Vec<Edit>,
    /// Things that compiled but do not mean exactly what the user wrote.
    pub warnings: Vec<Diagnostic>,
    /// Declarations prism cannot rewrite.
    pub errors: Vec<Diagnostic>,
}

impl<'t> Rewrite<'t> {
    pub fn new(
        tokens: &'t [Token],
        names: &'t Names,
        stage: Stage,
        (plan, constants): (Planner, Constants),
    ) -> Self {
        Rewrite {
            tokens,
            names,
            stage,
            plan,
            constants,
            edits: Vec::new(),
            warnings: Vec::new(),
            errors: Vec::new(),
        }
    }

    /// The location of the token at `index`.
    pub fn loc(&self, index: usize) -> Loc {
        self.tokens[index].loc
    }
}
