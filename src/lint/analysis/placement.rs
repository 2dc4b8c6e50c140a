//! Where each statement and emitted expression of a function sits: inside which loops
//! (numbered in walk order, the numbering every loop analysis shares), branches and switches.

use naga::{Block, Expression, Function, Handle, Statement};

/// A statement that encloses others.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Enclosing {
    /// The `n`th loop of the function, in walk order; `continuing` is set inside its
    /// continuing block.
    Loop { id: usize, continuing: bool },
    /// Inside an `If`'s accept (`true`) or reject (`false`) block.
    If {
        condition: Handle<Expression>,
        accept: bool,
    },
    /// Inside a case of a `Switch`.
    Switch { selector: Handle<Expression> },
}

/// Where each statement and emitted expression of a function sits.
#[derive(Debug, Default)]
pub struct Placement {
    /// By expression index: the enclosing statements of the `Emit` that evaluates it,
    /// outermost first; `None` for expressions never emitted (constants, arguments, globals).
    scopes: Vec<Option<Vec<Enclosing>>>,
    /// Number of loops in the function.
    pub loops: usize,
}

impl Placement {
    pub fn of(function: &Function) -> Self {
        let mut placement = Placement {
            scopes: vec![None; function.expressions.len()],
            loops: 0,
        };
        let mut stack = Vec::new();
        walk(&function.body, &mut stack, &mut |statement, stack| {
            if let Statement::Emit(range) = statement {
                for handle in range.clone() {
                    placement.scopes[handle.index()] = Some(stack.to_vec());
                }
            }
        });
        placement.loops = count_loops(&function.body);
        placement
    }

    /// The statements enclosing the `Emit` of `handle`, outermost first.
    pub fn scope(&self, handle: Handle<Expression>) -> Option<&[Enclosing]> {
        self.scopes.get(handle.index())?.as_deref()
    }

    /// The innermost loop around `handle`'s evaluation.
    pub fn innermost_loop(&self, handle: Handle<Expression>) -> Option<usize> {
        self.scope(handle)?.iter().rev().find_map(|e| match e {
            Enclosing::Loop { id, .. } => Some(*id),
            _ => None,
        })
    }

    pub fn in_loop(&self, handle: Handle<Expression>) -> bool {
        self.innermost_loop(handle).is_some()
    }
}

fn count_loops(block: &Block) -> usize {
    let mut n = 0;
    walk(block, &mut Vec::new(), &mut |statement, _| {
        if matches!(statement, Statement::Loop { .. }) {
            n += 1;
        }
    });
    n
}

/// Visit every statement of `block` and its nested blocks, with the enclosing statements
/// (outermost first). Loops are numbered in visit order, the loop statement itself before
/// its body.
pub fn walk<'a>(
    block: &'a Block,
    stack: &mut Vec<Enclosing>,
    visit: &mut dyn FnMut(&'a Statement, &[Enclosing]),
) {
    let mut loop_id = stack
        .iter()
        .filter(|e| matches!(e, Enclosing::Loop { .. }))
        .count();
    walk_counting(block, stack, visit, &mut loop_id);
}

fn walk_counting<'a>(
    block: &'a Block,
    stack: &mut Vec<Enclosing>,
    visit: &mut dyn FnMut(&'a Statement, &[Enclosing]),
    next_loop: &mut usize,
) {
    for statement in block.iter() {
        visit(statement, stack);
        match statement {
            Statement::Block(inner) => walk_counting(inner, stack, visit, next_loop),
            Statement::If {
                condition,
                accept,
                reject,
            } => {
                for (block, accept) in [(accept, true), (reject, false)] {
                    stack.push(Enclosing::If {
                        condition: *condition,
                        accept,
                    });
                    walk_counting(block, stack, visit, next_loop);
                    stack.pop();
                }
            }
            Statement::Switch { selector, cases } => {
                stack.push(Enclosing::Switch {
                    selector: *selector,
                });
                for case in cases {
                    walk_counting(&case.body, stack, visit, next_loop);
                }
                stack.pop();
            }
            Statement::Loop {
                body, continuing, ..
            } => {
                let id = *next_loop;
                *next_loop += 1;
                stack.push(Enclosing::Loop {
                    id,
                    continuing: false,
                });
                walk_counting(body, stack, visit, next_loop);
                stack.pop();
                stack.push(Enclosing::Loop {
                    id,
                    continuing: true,
                });
                walk_counting(continuing, stack, visit, next_loop);
                stack.pop();
            }
            _ => {}
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use naga::Module;

    pub(crate) fn wgsl(src: &str) -> (Module, naga::valid::ModuleInfo) {
        let module = naga::front::wgsl::parse_str(src).unwrap();
        let info = naga::valid::Validator::new(
            naga::valid::ValidationFlags::all(),
            naga::valid::Capabilities::all(),
        )
        .validate(&module)
        .unwrap();
        (module, info)
    }

    pub(crate) fn named(f: &Function, name: &str) -> Handle<Expression> {
        f.named_expressions
            .iter()
            .find(|(_, n)| n.as_str() == name)
            .map(|(h, _)| *h)
            .unwrap()
    }

    #[test]
    fn placement_numbers_loops_and_marks_branches() {
        let (module, _) = wgsl(
            "@compute @workgroup_size(1) fn main(@builtin(global_invocation_id) id: vec3<u32>) {
                var s = 0u;
                for (var i = 0u; i < 4u; i++) { if id.x > 2u { s += id.x * 3u; } }
                loop { s += 1u; if s > 9u { break; } }
            }",
        );
        let f = &module.entry_points[0].function;
        let placement = Placement::of(f);
        assert_eq!(placement.loops, 2);
        let mul = f
            .expressions
            .iter()
            .find(|(_, e)| {
                matches!(
                    e,
                    Expression::Binary {
                        op: naga::BinaryOperator::Multiply,
                        ..
                    }
                )
            })
            .unwrap()
            .0;
        let scope = placement.scope(mul).unwrap();
        assert!(matches!(scope[0], Enclosing::Loop { id: 0, .. }));
        assert!(scope
            .iter()
            .any(|e| matches!(e, Enclosing::If { accept: true, .. })));
    }
}
