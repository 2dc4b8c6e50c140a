//! What each local variable of a function holds, and what a pointer points into.
//!
//! naga's GLSL reader writes every `int i = …;` as a `LocalVariable` plus a `Store`, and
//! every later use as a `Load`: a value travels through locals, so [`Locals::peel`] sees
//! through a local stored exactly once. Every function argument is likewise spilled to a
//! local (`FunctionArgument` → `Store` → `Load`). Nothing here crosses a call.

use std::collections::HashMap;

use naga::{Expression, Function, Handle, LocalVariable, Statement};

use crate::lint::analysis::placement::walk;

/// What each local variable of a function is assigned.
#[derive(Debug, Default)]
pub struct Locals {
    /// Values stored to the whole variable, in statement order.
    whole: HashMap<Handle<LocalVariable>, Vec<Handle<Expression>>>,
    /// Per variable, the position of its first whole store when that store is in the
    /// function's top-level block (not under a branch or loop); `None` otherwise.
    top_level_store: HashMap<Handle<LocalVariable>, Option<usize>>,
    /// Where each expression is evaluated, as a statement position.
    emitted_at: Vec<Option<usize>>,
    /// Variables also written through a part (`v.x = …`, `a[i] = …`), or passed by pointer.
    partial: HashMap<Handle<LocalVariable>, usize>,
}

impl Locals {
    pub fn of(function: &Function) -> Self {
        let mut locals = Locals {
            emitted_at: vec![None; function.expressions.len()],
            ..Locals::default()
        };
        let mut position = 0usize;
        walk(&function.body, &mut Vec::new(), &mut |statement, stack| {
            position += 1;
            let pointer = match statement {
                Statement::Emit(range) => {
                    for h in range.clone() {
                        locals.emitted_at[h.index()] = Some(position);
                    }
                    None
                }
                Statement::Store { pointer, value } => {
                    if let Expression::LocalVariable(v) = function.expressions[*pointer] {
                        locals.whole.entry(v).or_default().push(*value);
                        locals
                            .top_level_store
                            .entry(v)
                            .or_insert((stack.is_empty()).then_some(position));
                        return;
                    }
                    Some(*pointer)
                }
                Statement::Call { arguments, .. } => {
                    for argument in arguments {
                        if let Some(v) = root_local(function, *argument) {
                            *locals.partial.entry(v).or_default() += 1;
                        }
                    }
                    None
                }
                Statement::Atomic { pointer, .. } => Some(*pointer),
                _ => None,
            };
            if let Some(v) = pointer.and_then(|p| root_local(function, p)) {
                *locals.partial.entry(v).or_default() += 1;
            }
        });
        locals
    }

    /// Where `handle` is evaluated: the pre-order position of its `Emit` among the
    /// function's statements.
    pub fn position(&self, handle: Handle<Expression>) -> Option<usize> {
        self.emitted_at.get(handle.index()).copied().flatten()
    }

    /// Whole-variable stores of `v`.
    pub fn stores(&self, v: Handle<LocalVariable>) -> &[Handle<Expression>] {
        self.whole.get(&v).map(Vec::as_slice).unwrap_or(&[])
    }

    /// Whether `v` is written through a part of it, or handed to a call by pointer.
    pub fn written_in_part(&self, v: Handle<LocalVariable>) -> bool {
        self.partial.contains_key(&v)
    }

    /// The one value `v` ever holds: its only store (and no initializer), or its initializer
    /// when it is never stored.
    pub fn single_value(
        &self,
        function: &Function,
        v: Handle<LocalVariable>,
    ) -> Option<Handle<Expression>> {
        if self.written_in_part(v) {
            return None;
        }
        match (self.stores(v), function.local_variables[v].init) {
            ([only], None) => Some(*only),
            ([], Some(init)) => Some(init),
            _ => None,
        }
    }

    /// `handle` with loads of single-valued locals replaced by the value stored, repeatedly.
    /// A stored value is read through only when the store is in the function's top-level
    /// block and the load comes after it: a store under a branch may not have happened, and
    /// one in a loop may be from the previous iteration.
    pub fn peel(&self, function: &Function, mut handle: Handle<Expression>) -> Handle<Expression> {
        for _ in 0..32 {
            let Expression::Load { pointer } = function.expressions[handle] else {
                return handle;
            };
            let Expression::LocalVariable(v) = function.expressions[pointer] else {
                return handle;
            };
            if function.local_variables[v].init.is_none() || !self.stores(v).is_empty() {
                let store = self.top_level_store.get(&v).copied().flatten();
                let load = self.position(handle);
                if !matches!((store, load), (Some(s), Some(l)) if l > s) {
                    return handle;
                }
            }
            match self.single_value(function, v) {
                Some(value) => handle = value,
                None => return handle,
            }
        }
        handle
    }
}

/// The expression a pointer is built on, through `Access`/`AccessIndex`.
fn pointer_base(function: &Function, mut pointer: Handle<Expression>) -> &Expression {
    loop {
        match function.expressions[pointer] {
            Expression::Access { base, .. } | Expression::AccessIndex { base, .. } => {
                pointer = base
            }
            ref root => return root,
        }
    }
}

/// The local variable a pointer expression points into, through `Access`/`AccessIndex`.
pub fn root_local(
    function: &Function,
    pointer: Handle<Expression>,
) -> Option<Handle<LocalVariable>> {
    match *pointer_base(function, pointer) {
        Expression::LocalVariable(v) => Some(v),
        _ => None,
    }
}

/// The global variable a pointer expression points into.
pub fn root_global(
    function: &Function,
    pointer: Handle<Expression>,
) -> Option<Handle<naga::GlobalVariable>> {
    match *pointer_base(function, pointer) {
        Expression::GlobalVariable(g) => Some(g),
        _ => None,
    }
}

/// `v` when `handle` is `Load(LocalVariable(v))`.
pub fn local_of_load(
    function: &Function,
    handle: Handle<Expression>,
) -> Option<Handle<LocalVariable>> {
    let Expression::Load { pointer } = function.expressions[handle] else {
        return None;
    };
    match function.expressions[pointer] {
        Expression::LocalVariable(v) => Some(v),
        _ => None,
    }
}
