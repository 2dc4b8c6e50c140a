//! [`FunctionView`]: one function of the module with what rules ask about it, each
//! per-function analysis computed on first use and kept.

use std::cell::OnceCell;

use naga::valid::FunctionInfo;
use naga::{EntryPoint, Function};

use crate::lint::analysis::flow::Flow;
use crate::lint::analysis::fn_id::FnId;
use crate::lint::analysis::locals::Locals;
use crate::lint::analysis::loops::Loops;
use crate::lint::analysis::placement::Placement;

/// One function of the module (a plain function or an entry point's).
pub struct FunctionView<'a> {
    pub id: FnId,
    pub function: &'a Function,
    pub info: &'a FunctionInfo,
    /// The function's name (the entry point's name for entry points).
    pub name: &'a str,
    pub entry: Option<&'a EntryPoint>,
    placement: OnceCell<Placement>,
    locals: OnceCell<Locals>,
    flow: OnceCell<Flow>,
    loops: OnceCell<Loops<'a>>,
}

impl<'a> FunctionView<'a> {
    pub fn new(
        id: FnId,
        function: &'a Function,
        info: &'a FunctionInfo,
        name: &'a str,
        entry: Option<&'a EntryPoint>,
    ) -> Self {
        FunctionView {
            id,
            function,
            info,
            name,
            entry,
            placement: OnceCell::new(),
            locals: OnceCell::new(),
            flow: OnceCell::new(),
            loops: OnceCell::new(),
        }
    }

    /// Where each statement and emitted expression sits (loops, branches).
    pub fn placement(&self) -> &Placement {
        self.placement.get_or_init(|| Placement::of(self.function))
    }

    /// What each local variable holds.
    pub fn locals(&self) -> &Locals {
        self.locals.get_or_init(|| Locals::of(self.function))
    }

    /// Where each variable is written, in statement order.
    pub fn flow(&self) -> &Flow {
        self.flow.get_or_init(|| Flow::of(self.function))
    }

    /// The function's loop statements, by the ids [`Placement`] numbers them with.
    pub fn loops(&self) -> &Loops<'a> {
        self.loops.get_or_init(|| Loops::of(self.function))
    }
}
