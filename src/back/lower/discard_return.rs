//! `discard` in a function that returns a value, for the WGSL writer. WGSL's `discard` does
//! not end the invocation (it goes on as a helper), so WGSL compilers take a path that ends in
//! one as falling off the function's end, and refuse the function ("missing return at end of
//! function", tint). naga's IR ends such a path with `Kill` and its WGSL writer adds no
//! return. Each `Kill` that ends a block of a non-entry function with a result gets a
//! `return` of the zero value after it: the value a discarded invocation returns is never
//! seen.

use naga::{Block, Expression, Handle, Module, Span, Statement};

/// Add the returns; how many.
pub fn return_after_discard(module: &mut Module) -> usize {
    let mut added = 0;
    for (_, function) in module.functions.iter_mut() {
        let Some(result) = &function.result else {
            continue;
        };
        if !ends_a_block_with_kill(&function.body) {
            continue;
        }
        let zero = function
            .expressions
            .append(Expression::ZeroValue(result.ty), Span::UNDEFINED);
        let mut body = std::mem::take(&mut function.body);
        added += add_returns(&mut body, zero);
        function.body = body;
    }
    added
}

/// Whether `block` or a block inside it ends with `Kill` (for the writer's cheap check).
pub fn has_value_function_discard(module: &Module) -> bool {
    module
        .functions
        .iter()
        .any(|(_, f)| f.result.is_some() && ends_a_block_with_kill(&f.body))
}

fn ends_a_block_with_kill(block: &Block) -> bool {
    let mut found = false;
    visit(block, &mut |b| {
        found |= matches!(b.last(), Some(Statement::Kill))
    });
    found
}

fn add_returns(block: &mut Block, zero: Handle<Expression>) -> usize {
    let mut added = 0;
    for statement in block.iter_mut() {
        match statement {
            Statement::Block(inner) => added += add_returns(inner, zero),
            Statement::If { accept, reject, .. } => {
                added += add_returns(accept, zero) + add_returns(reject, zero);
            }
            Statement::Switch { cases, .. } => {
                for case in cases.iter_mut() {
                    added += add_returns(&mut case.body, zero);
                }
            }
            Statement::Loop {
                body, continuing, ..
            } => added += add_returns(body, zero) + add_returns(continuing, zero),
            _ => {}
        }
    }
    if matches!(block.last(), Some(Statement::Kill)) {
        block.push(Statement::Return { value: Some(zero) }, Span::UNDEFINED);
        added += 1;
    }
    added
}

/// Calls `f` on `block` and on every block inside it.
fn visit(block: &Block, f: &mut impl FnMut(&Block)) {
    f(block);
    for statement in block.iter() {
        match statement {
            Statement::Block(inner) => visit(inner, f),
            Statement::If { accept, reject, .. } => {
                visit(accept, f);
                visit(reject, f);
            }
            Statement::Switch { cases, .. } => cases.iter().for_each(|c| visit(&c.body, f)),
            Statement::Loop {
                body, continuing, ..
            } => {
                visit(body, f);
                visit(continuing, f);
            }
            _ => {}
        }
    }
}
