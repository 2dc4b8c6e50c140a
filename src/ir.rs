//! Small helpers over naga's IR that the front end and the back end both use. A leaf: it
//! imports nothing of prism's.

/// Every function of `module`, the entry points' included.
pub fn all_functions(module: &naga::Module) -> impl Iterator<Item = &naga::Function> {
    module
        .functions
        .iter()
        .map(|(_, f)| f)
        .chain(module.entry_points.iter().map(|e| &e.function))
}

/// Call `f` on `block` and on every block nested in it (`if` branches, loop bodies and
/// continuing blocks, switch cases, plain blocks), outermost first.
pub fn for_each_block_mut(block: &mut naga::Block, f: &mut impl FnMut(&mut naga::Block)) {
    f(block);
    for statement in block.iter_mut() {
        match statement {
            naga::Statement::Block(inner) => for_each_block_mut(inner, f),
            naga::Statement::If { accept, reject, .. } => {
                for_each_block_mut(accept, f);
                for_each_block_mut(reject, f);
            }
            naga::Statement::Loop {
                body, continuing, ..
            } => {
                for_each_block_mut(body, f);
                for_each_block_mut(continuing, f);
            }
            naga::Statement::Switch { cases, .. } => {
                for case in cases.iter_mut() {
                    for_each_block_mut(&mut case.body, f);
                }
            }
            _ => {}
        }
    }
}

/// Every statement of `block` and of the blocks nested in it, with its span, in order.
pub fn walk_statements(block: &naga::Block, f: &mut dyn FnMut(&naga::Statement, naga::Span)) {
    use naga::Statement as S;
    for (statement, span) in block.span_iter() {
        f(statement, *span);
        match statement {
            S::Block(inner) => walk_statements(inner, f),
            S::If { accept, reject, .. } => {
                walk_statements(accept, f);
                walk_statements(reject, f);
            }
            S::Switch { cases, .. } => {
                for case in cases {
                    walk_statements(&case.body, f);
                }
            }
            S::Loop {
                body, continuing, ..
            } => {
                walk_statements(body, f);
                walk_statements(continuing, f);
            }
            _ => {}
        }
    }
}
