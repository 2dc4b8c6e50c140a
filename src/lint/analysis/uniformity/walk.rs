//! The statement walk of the uniformity analysis: control flow that some pixels of a quad
//! leave (per-pixel branches, loop exits, `return`, `discard`, calls from such flow), and what
//! stores and calls make per-pixel.

use naga::{Block, Function, Span, Statement, TypeInner};

use crate::lint::analysis::fn_id::FnId;
use crate::lint::analysis::uniformity::state::{
    Control, ControlKind, FnState, Origin, Uniformity, Walk,
};

impl Uniformity<'_> {
    pub(super) fn walk_function(&mut self, key: FnId) {
        let function = key.function(self.module);
        let mut walk = Walk::new(key, function);
        let entry = self.states[&key].entry_control.clone();
        self.walk_block(&mut walk, function, &function.body, entry);
    }

    fn walk_block(
        &mut self,
        walk: &mut Walk,
        function: &Function,
        block: &Block,
        control: Option<Control>,
    ) {
        for (statement, span) in block.span_iter() {
            let here = control.clone().or_else(|| walk.diverged.clone());
            self.walk_statement(walk, function, statement, *span, here);
        }
    }

    fn mark_loop_exits(&mut self, walk: &Walk, control: &Control, through_switch: bool) {
        // Every enclosing loop entered under uniform control now has a per-pixel exit (for
        // `break`/`continue` only the innermost one).
        let key = walk.key;
        let mut changed = false;
        for entry in walk.breakable.iter().rev() {
            match entry {
                None if through_switch => continue,
                None => return,
                Some((id, entered_uniform)) => {
                    if *entered_uniform {
                        record_loop_exit(self.state(key), *id, control, &mut changed);
                    }
                    if !through_switch {
                        break;
                    }
                }
            }
        }
        self.changed |= changed;
    }

    fn walk_statement(
        &mut self,
        walk: &mut Walk,
        function: &Function,
        statement: &Statement,
        span: Span,
        control: Option<Control>,
    ) {
        let key = walk.key;
        let control_origin = control.as_ref().map(|c| c.origin);
        match statement {
            Statement::Emit(range) => {
                for handle in range.clone() {
                    let _ = self.taint(walk, handle);
                    let mut changed = false;
                    let state = self.state(key);
                    if let Some(slot) = state.control_at.get_mut(handle.index()) {
                        Self::set(&mut changed, slot, control.clone());
                    }
                    self.changed |= changed;
                }
            }
            Statement::Block(inner) => self.walk_block(walk, function, inner, control),
            Statement::If {
                condition,
                accept,
                reject,
            } => {
                let inner = control.clone().or_else(|| {
                    self.taint(walk, *condition).map(|origin| Control {
                        kind: ControlKind::If,
                        function: key,
                        span: function.expressions.get_span(*condition),
                        expression: Some(*condition),
                        origin,
                        cause: None,
                    })
                });
                self.walk_block(walk, function, accept, inner.clone());
                self.walk_block(walk, function, reject, inner);
            }
            Statement::Switch { selector, cases } => {
                let inner = control.clone().or_else(|| {
                    self.taint(walk, *selector).map(|origin| Control {
                        kind: ControlKind::Switch,
                        function: key,
                        span: function.expressions.get_span(*selector),
                        expression: Some(*selector),
                        origin,
                        cause: None,
                    })
                });
                walk.breakable.push(None);
                for case in cases {
                    self.walk_block(walk, function, &case.body, inner.clone());
                }
                walk.breakable.pop();
            }
            Statement::Loop {
                body,
                continuing,
                break_if,
            } => {
                let id = walk.next_loop;
                walk.next_loop += 1;
                let exit = self.states[&key].loop_exits.get(id).cloned().flatten();
                let inner = control.clone().or(exit);
                walk.breakable.push(Some((id, control.is_none())));
                self.walk_block(walk, function, body, inner.clone());
                self.walk_block(walk, function, continuing, inner.clone());
                if let Some(condition) = break_if {
                    if let Some(origin) = self.taint(walk, *condition) {
                        let exit = Control {
                            kind: ControlKind::LoopExit,
                            function: key,
                            span: function.expressions.get_span(*condition),
                            expression: Some(*condition),
                            origin,
                            cause: None,
                        };
                        self.mark_loop_exits(walk, &exit, false);
                    }
                }
                walk.breakable.pop();
            }
            Statement::Break | Statement::Continue => {
                if let Some(c) = &control {
                    let through_switch = matches!(statement, Statement::Continue);
                    let exit = Control { span, ..c.clone() };
                    self.mark_loop_exits(walk, &exit, through_switch);
                }
            }
            Statement::Return { value } => {
                if let Some(value) = value {
                    let t = self.taint(walk, *value).or(control_origin);
                    let mut changed = false;
                    Self::set(&mut changed, &mut self.state(key).returns, t);
                    self.changed |= changed;
                }
                if let Some(c) = &control {
                    let exit = Control {
                        kind: ControlKind::Return,
                        span,
                        ..c.clone()
                    };
                    self.mark_all_loop_exits(walk, &exit);
                    walk.diverged.get_or_insert(exit);
                }
            }
            Statement::Kill => {
                if let Some(c) = &control {
                    let exit = Control {
                        kind: ControlKind::Kill,
                        span,
                        function: key,
                        expression: None,
                        origin: c.origin,
                        cause: None,
                    };
                    self.mark_all_loop_exits(walk, &exit);
                    let mut changed = false;
                    Self::set(&mut changed, &mut self.state(key).kills, Some(exit.clone()));
                    self.changed |= changed;
                    walk.diverged.get_or_insert(exit);
                }
            }
            Statement::Store { pointer, value } => {
                let t = self
                    .taint(walk, *value)
                    .or_else(|| self.pointer_index_taint(walk, function, *pointer))
                    .or(control_origin);
                self.store_to(walk, function, *pointer, t);
            }
            Statement::Call {
                function: callee,
                arguments,
                result: _,
            } => {
                let callee_fn = &self.module.functions[*callee];
                let callee_key = FnId::Function(*callee);
                let mut arg_taints = Vec::new();
                for (i, argument) in arguments.iter().enumerate() {
                    let pointer = callee_fn.arguments.get(i).is_some_and(|a| {
                        matches!(self.module.types[a.ty].inner, TypeInner::Pointer { .. })
                    });
                    let t = if pointer {
                        self.pointee_taint(walk, function, *argument)
                    } else {
                        self.taint(walk, *argument)
                    };
                    arg_taints.push((t, pointer));
                }
                if !self.states.contains_key(&callee_key) {
                    return;
                }
                let mut changed = false;
                {
                    let state = self.state(callee_key);
                    for (i, (t, _)) in arg_taints.iter().enumerate() {
                        if let Some(slot) = state.params.get_mut(i) {
                            Self::set(&mut changed, slot, *t);
                        }
                    }
                    let entry = control.as_ref().map(|c| Control {
                        kind: ControlKind::Caller { callee: *callee },
                        function: key,
                        span,
                        expression: None,
                        origin: c.origin,
                        cause: Some(Box::new(c.clone())),
                    });
                    Self::set(&mut changed, &mut state.entry_control, entry);
                }
                self.changed |= changed;
                let callee_state = &self.states[&callee_key];
                let pointer_taint = callee_state.pointer_stores.or(control_origin);
                let kills = callee_state.kills.clone();
                for (argument, (_, pointer)) in arguments.iter().zip(&arg_taints) {
                    if *pointer {
                        self.store_to(walk, function, *argument, pointer_taint);
                    }
                }
                if let Some(kill) = kills {
                    let exit = Control {
                        kind: ControlKind::Kill,
                        function: key,
                        span,
                        expression: None,
                        origin: kill.origin,
                        cause: Some(Box::new(kill)),
                    };
                    self.mark_all_loop_exits(walk, &exit);
                    walk.diverged.get_or_insert(exit);
                }
            }
            Statement::Atomic { pointer, .. } => {
                self.store_to(walk, function, *pointer, Some(Origin::Other));
            }
            _ => {}
        }
    }

    fn mark_all_loop_exits(&mut self, walk: &Walk, exit: &Control) {
        let key = walk.key;
        let mut changed = false;
        let state = self.state(key);
        for (id, entered_uniform) in walk.breakable.iter().flatten() {
            if *entered_uniform {
                record_loop_exit(state, *id, exit, &mut changed);
            }
        }
        self.changed |= changed;
    }
}

/// Record that some pixels leave loop `id` per pixel, at `exit` (the first exit found stays).
fn record_loop_exit(state: &mut FnState, id: usize, exit: &Control, changed: &mut bool) {
    if state.loop_exits.len() <= id {
        state.loop_exits.resize(id + 1, None);
    }
    let exit = Control {
        kind: ControlKind::LoopExit,
        ..exit.clone()
    };
    Uniformity::set(changed, &mut state.loop_exits[id], Some(exit));
}
