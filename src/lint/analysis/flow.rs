//! Where each variable of one function is written, in statement order: whether two loads of
//! one variable can read different values.

use std::collections::HashMap;

use naga::{Expression, Function, GlobalVariable, Handle, LocalVariable, Statement};

use crate::lint::analysis::locals::{root_global, root_local, Locals};
use crate::lint::analysis::placement::{walk, Enclosing, Placement};

/// A variable a statement can write.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Root {
    Local(Handle<LocalVariable>),
    Global(Handle<GlobalVariable>),
    /// A call: it may write any global.
    AnyGlobal,
}

/// Where each variable of one function is written, in statement order, to tell whether two
/// `Load`s of one variable read the same value. Where the loads themselves are evaluated is
/// the function's [`Locals::position`] and [`Placement::scope`].
pub struct Flow {
    /// Writes: position (as [`Locals::position`] counts) and enclosing loops.
    writes: HashMap<Root, Vec<(usize, Vec<usize>)>>,
}

fn loop_ids(stack: &[Enclosing]) -> Vec<usize> {
    stack
        .iter()
        .filter_map(|e| match e {
            Enclosing::Loop { id, .. } => Some(*id),
            _ => None,
        })
        .collect()
}

impl Flow {
    pub fn of(function: &Function) -> Self {
        let mut flow = Flow {
            writes: HashMap::new(),
        };
        let mut position = 0usize;
        walk(&function.body, &mut Vec::new(), &mut |statement, stack| {
            position += 1;
            let loops = loop_ids(stack);
            let mut write = |root: Root| {
                flow.writes
                    .entry(root)
                    .or_default()
                    .push((position, loops.clone()));
            };
            let root_of = |pointer: Handle<Expression>| {
                root_local(function, pointer)
                    .map(Root::Local)
                    .or_else(|| root_global(function, pointer).map(Root::Global))
            };
            match statement {
                Statement::Store { pointer, .. } | Statement::Atomic { pointer, .. } => {
                    if let Some(root) = root_of(*pointer) {
                        write(root);
                    }
                }
                Statement::Call { arguments, .. } => {
                    for a in arguments {
                        if let Some(root) = root_of(*a) {
                            write(root);
                        }
                    }
                    write(Root::AnyGlobal);
                }
                _ => {}
            }
        });
        flow
    }

    /// Whether no write of `roots` comes between the evaluations of `a` and `b`.
    pub fn unwritten_between(
        &self,
        locals: &Locals,
        placement: &Placement,
        roots: &[Root],
        a: Handle<Expression>,
        b: Handle<Expression>,
    ) -> bool {
        let (Some(pa), Some(pb)) = (locals.position(a), locals.position(b)) else {
            return false;
        };
        let (lo, hi) = (pa.min(pb), pa.max(pb));
        let loops_around = |h| loop_ids(placement.scope(h).unwrap_or_default());
        let (la, lb) = (loops_around(a), loops_around(b));
        roots.iter().all(|root| {
            self.writes.get(root).is_none_or(|writes| {
                writes.iter().all(|(p, loops)| {
                    // Between the two in order, or in a loop around one of them only (the
                    // back edge brings the write between them).
                    let between = lo < *p && *p < hi;
                    let loop_apart = loops.iter().any(|l| la.contains(l) != lb.contains(l));
                    !between && !loop_apart
                })
            })
        })
    }
}
