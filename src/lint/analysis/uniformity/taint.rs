//! Taint: whether a value derives from a per-pixel source, through expressions, pointers,
//! locals, globals, arguments and call results.

use naga::{AddressSpace, Expression, Function, GlobalVariable, Handle};

use crate::lint::analysis::fn_id::FnId;
use crate::lint::analysis::uniformity::state::{Origin, Uniformity, Walk};
use crate::lint::analysis::values::operands;

impl Uniformity<'_> {
    pub(super) fn store_to(
        &mut self,
        walk: &mut Walk,
        function: &Function,
        pointer: Handle<Expression>,
        taint: Option<Origin>,
    ) {
        if taint.is_none() {
            return;
        }
        let key = walk.key;
        let mut changed = false;
        match pointer_root(function, pointer) {
            Some(Root::Local(l)) => {
                let state = self.state(key);
                if let Some(slot) = state.locals.get_mut(l.index()) {
                    Self::set(&mut changed, slot, taint);
                }
            }
            Some(Root::Global(g)) => {
                if let Some(slot) = self.globals.get_mut(g.index()) {
                    Self::set(&mut changed, slot, taint.map(|_| Origin::Global(g)));
                }
            }
            Some(Root::Argument(_)) => {
                let state = self.state(key);
                Self::set(&mut changed, &mut state.pointer_stores, taint);
            }
            None => {}
        }
        self.changed |= changed;
        // Memoised loads of what just changed are stale; the next pass sees the change.
    }

    /// The taint of the value a pointer points at (a load, or a pointer argument): index
    /// taints along the pointer chain, then the root's.
    pub(super) fn pointee_taint(
        &self,
        walk: &mut Walk,
        function: &Function,
        pointer: Handle<Expression>,
    ) -> Option<Origin> {
        self.pointer_index_taint(walk, function, pointer)
            .or_else(|| self.root_taint(walk, function, pointer))
    }

    fn root_taint(
        &self,
        walk: &Walk,
        function: &Function,
        pointer: Handle<Expression>,
    ) -> Option<Origin> {
        let state = &self.states[&walk.key];
        match pointer_root(function, pointer)? {
            Root::Local(l) => state.locals.get(l.index()).copied().flatten(),
            Root::Argument(a) => state.params.get(a as usize).copied().flatten(),
            Root::Global(g) => match self.module.global_variables[g].space {
                AddressSpace::Private | AddressSpace::WorkGroup => {
                    if self.globals[g.index()].is_some() {
                        Some(Origin::Global(g))
                    } else {
                        None
                    }
                }
                _ => None,
            },
        }
    }

    pub(super) fn pointer_index_taint(
        &self,
        walk: &mut Walk,
        function: &Function,
        mut pointer: Handle<Expression>,
    ) -> Option<Origin> {
        for _ in 0..64 {
            match function.expressions[pointer] {
                Expression::Access { base, index } => {
                    if let Some(t) = self.taint(walk, index) {
                        return Some(t);
                    }
                    pointer = base;
                }
                Expression::AccessIndex { base, .. } => pointer = base,
                _ => return None,
            }
        }
        None
    }

    pub(super) fn taint(&self, walk: &mut Walk, handle: Handle<Expression>) -> Option<Origin> {
        if let Some(Some(known)) = walk.memo.get(handle.index()) {
            return *known;
        }
        let t = self.taint_uncached(walk, handle);
        if let Some(slot) = walk.memo.get_mut(handle.index()) {
            *slot = Some(t);
        }
        t
    }

    fn taint_uncached(&self, walk: &mut Walk, handle: Handle<Expression>) -> Option<Origin> {
        let function = walk.key.function(self.module);
        let state = &self.states[&walk.key];
        match function.expressions[handle] {
            Expression::FunctionArgument(i) => state.params.get(i as usize).copied().flatten(),
            Expression::Load { pointer } => self.pointee_taint(walk, function, pointer),
            Expression::CallResult(callee) => self
                .states
                .get(&FnId::Function(callee))
                .and_then(|s| s.returns),
            Expression::AtomicResult { .. }
            | Expression::SubgroupBallotResult
            | Expression::SubgroupOperationResult { .. }
            | Expression::RayQueryProceedResult => Some(Origin::Other),
            Expression::WorkGroupUniformLoadResult { .. } => None,
            ref e => {
                for operand in operands(e) {
                    if let Some(t) = self.taint(walk, operand) {
                        return Some(t);
                    }
                }
                None
            }
        }
    }
}

enum Root {
    Local(Handle<naga::LocalVariable>),
    Global(Handle<GlobalVariable>),
    Argument(u32),
}

fn pointer_root(function: &Function, mut pointer: Handle<Expression>) -> Option<Root> {
    for _ in 0..64 {
        match function.expressions[pointer] {
            Expression::LocalVariable(v) => return Some(Root::Local(v)),
            Expression::GlobalVariable(g) => return Some(Root::Global(g)),
            Expression::FunctionArgument(a) => return Some(Root::Argument(a)),
            Expression::Access { base, .. } | Expression::AccessIndex { base, .. } => {
                pointer = base
            }
            _ => return None,
        }
    }
    None
}
