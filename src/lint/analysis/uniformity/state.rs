//! The uniformity analysis's state: what it knows of each function, and what a walk of one
//! function carries. `walk.rs` and `taint.rs` update it; `mod.rs` reads it.

use std::collections::HashMap;

use naga::{Expression, Function, GlobalVariable, Handle, Module, Span};

use crate::lint::analysis::fn_id::FnId;

/// Where a per-pixel (non-uniform) value comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    /// A private global holding a per-pixel value (an input the GLSL front stored there,
    /// or a global the shader assigned a per-pixel value).
    Global(Handle<GlobalVariable>),
    /// An argument of the fragment entry point (WGSL inputs).
    EntryArgument(usize, u32),
    /// An atomic, subgroup or ray-query result.
    Other,
}

/// What makes control flow non-uniform at a point.
#[derive(Clone, Debug, PartialEq)]
pub enum ControlKind {
    /// Inside an `if` on a per-pixel condition.
    If,
    /// Inside a `switch` on a per-pixel selector.
    Switch,
    /// Inside a loop some pixels leave early (a per-pixel `break`, `continue` or `return`,
    /// or a per-pixel trip count).
    LoopExit,
    /// After a per-pixel `return`.
    Return,
    /// After a `discard` some pixels take.
    Kill,
    /// In a function called from non-uniform control flow (`cause` in the caller).
    Caller { callee: Handle<Function> },
}

#[derive(Clone, Debug, PartialEq)]
pub struct Control {
    pub kind: ControlKind,
    /// The function holding `span`.
    pub function: FnId,
    /// The condition, selector, exit statement or call site.
    pub span: Span,
    /// The condition or selector expression, for `If`/`Switch`.
    pub expression: Option<Handle<Expression>>,
    pub origin: Origin,
    /// Why the caller was in non-uniform control flow (for `Caller`).
    pub cause: Option<Box<Control>>,
}

/// What the analysis knows of one function.
#[derive(Default)]
pub(super) struct FnState {
    pub(super) locals: Vec<Option<Origin>>,
    pub(super) params: Vec<Option<Origin>>,
    pub(super) returns: Option<Origin>,
    pub(super) pointer_stores: Option<Origin>,
    pub(super) kills: Option<Control>,
    pub(super) entry_control: Option<Control>,
    pub(super) loop_exits: Vec<Option<Control>>,
    /// Control at each emitted expression, by expression index.
    pub(super) control_at: Vec<Option<Control>>,
}

/// The uniformity of every function reachable from the fragment entry points.
pub struct Uniformity<'a> {
    pub(super) module: &'a Module,
    pub(super) globals: Vec<Option<Origin>>,
    /// Private globals the entry point fills from an argument: (entry, argument).
    pub(super) inputs: HashMap<Handle<GlobalVariable>, (usize, u32)>,
    pub(super) states: HashMap<FnId, FnState>,
    pub(super) changed: bool,
}

/// The per-walk state of one function.
pub(super) struct Walk {
    pub(super) key: FnId,
    /// Set after a per-pixel `return`/`discard`: the rest of the function is non-uniform.
    pub(super) diverged: Option<Control>,
    /// Enclosing breakable statements: `Some(loop id, whether the loop was entered under
    /// uniform control)` for loops, `None` for switches.
    pub(super) breakable: Vec<Option<(usize, bool)>>,
    pub(super) next_loop: usize,
    pub(super) memo: Vec<Option<Option<Origin>>>,
}

impl Walk {
    pub(super) fn new(key: FnId, function: &Function) -> Self {
        Walk {
            key,
            diverged: None,
            breakable: Vec::new(),
            next_loop: 0,
            memo: vec![None; function.expressions.len()],
        }
    }
}

impl Uniformity<'_> {
    pub(super) fn state(&mut self, key: FnId) -> &mut FnState {
        self.states.get_mut(&key).expect("analysed function")
    }

    pub(super) fn set<T: Clone>(changed: &mut bool, slot: &mut Option<T>, value: Option<T>) {
        if slot.is_none() && value.is_some() {
            *slot = value;
            *changed = true;
        }
    }
}
