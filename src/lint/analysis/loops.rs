//! The loops of a function: their statements by id (the walk order [`Placement`] numbers them
//! in), and the constant-trip counted loops Mesa unrolls.
//!
//! [`Placement`]: crate::lint::analysis::placement::Placement

use naga::{
    BinaryOperator, Block, Expression, Function, Handle, LocalVariable, Module, Statement,
    UnaryOperator,
};

use crate::lint::analysis::locals::{local_of_load, Locals};
use crate::lint::analysis::placement::walk;
use crate::lint::analysis::values::literal;

/// The loop statements of one function, by loop id.
pub struct Loops<'a> {
    statements: Vec<&'a Statement>,
}

impl<'a> Loops<'a> {
    pub fn of(function: &'a Function) -> Self {
        let mut statements = Vec::new();
        walk(&function.body, &mut Vec::new(), &mut |statement, _| {
            if matches!(statement, Statement::Loop { .. }) {
                statements.push(statement);
            }
        });
        Loops { statements }
    }

    /// The `Loop` statement with this id.
    pub fn get(&self, id: usize) -> Option<&'a Statement> {
        self.statements.get(id).copied()
    }
}

/// The most iterations a constant-trip loop may run for this module to count its counter as
/// constant: Mesa's loop unroller gives up on longer loops (RADV's `max_unroll_iterations`
/// is 32).
pub const UNROLLED_TRIPS: u32 = 32;

/// Every constant-trip loop enclosing each statement, found by a walk: returns for each
/// `Store` and `Atomic` pointer the counted loops around it (outermost first).
pub fn stores_with_loops(
    module: &Module,
    function: &Function,
    locals: &Locals,
) -> Vec<(Handle<Expression>, Vec<Handle<LocalVariable>>)> {
    let mut out = Vec::new();
    let mut counters = Vec::new();
    visit_stores(
        module,
        function,
        locals,
        &function.body,
        &mut counters,
        &mut out,
    );
    out
}

fn visit_stores<'a>(
    module: &Module,
    function: &'a Function,
    locals: &Locals,
    block: &'a Block,
    counters: &mut Vec<Handle<LocalVariable>>,
    out: &mut Vec<(Handle<Expression>, Vec<Handle<LocalVariable>>)>,
) {
    for statement in block.iter() {
        match statement {
            Statement::Store { pointer, .. } | Statement::Atomic { pointer, .. } => {
                out.push((*pointer, counters.clone()));
            }
            Statement::Block(inner) => visit_stores(module, function, locals, inner, counters, out),
            Statement::If { accept, reject, .. } => {
                visit_stores(module, function, locals, accept, counters, out);
                visit_stores(module, function, locals, reject, counters, out);
            }
            Statement::Switch { cases, .. } => {
                for case in cases {
                    visit_stores(module, function, locals, &case.body, counters, out);
                }
            }
            Statement::Loop {
                body, continuing, ..
            } => {
                let counted = counted_loop(module, function, locals, body, continuing);
                if let Some(counter) = counted {
                    counters.push(counter);
                }
                visit_stores(module, function, locals, body, counters, out);
                visit_stores(module, function, locals, continuing, counters, out);
                if counted.is_some() {
                    counters.pop();
                }
            }
            _ => {}
        }
    }
}

/// The counter of the loop `body`/`continuing` when it is a `for` loop counter Mesa unrolls
/// away: it starts at a constant, only the loop's continuing block changes it (by a constant
/// step), and the loop's first statement breaks when it passes a constant bound, after at
/// most [`UNROLLED_TRIPS`] iterations.
fn counted_loop(
    module: &Module,
    function: &Function,
    locals: &Locals,
    body: &Block,
    continuing: &Block,
) -> Option<Handle<LocalVariable>> {
    // The exit test, first in the body: naga's GLSL reader writes `if (!(i < N)) { break; }`,
    // its WGSL reader `if (i < N) {} else { break; }`.
    let (condition, accept, reject) = body.iter().find_map(|s| match s {
        Statement::Emit(_) => None,
        Statement::If {
            condition,
            accept,
            reject,
        } => Some(Some((*condition, accept, reject))),
        _ => Some(None),
    })??;
    let starts_with_break = |b: &Block| matches!(b.iter().next(), Some(Statement::Break));
    let breaks_when_true = if starts_with_break(accept) && reject.is_empty() {
        true
    } else if accept.is_empty() && starts_with_break(reject) {
        false
    } else {
        return None;
    };
    let e = &function.expressions;
    let (negated, test) = match e[condition] {
        Expression::Unary {
            op: UnaryOperator::LogicalNot,
            expr,
        } => (true, expr),
        _ => (false, condition),
    };
    let Expression::Binary { op, left, right } = e[test] else {
        return None;
    };
    let (counter, bound, op) = match (
        local_of_load(function, left),
        local_of_load(function, right),
    ) {
        (Some(v), None) => (v, right, op),
        (None, Some(v)) => (v, left, mirrored(op)?),
        _ => return None,
    };
    let bound = literal(module, function, bound)?;
    // The condition under which the loop keeps going, as `counter OP bound`.
    let keep_going = if breaks_when_true == negated {
        op
    } else {
        negated_op(op)?
    };

    // Start value: the initializer, or stores of constants outside the loop.
    if locals.written_in_part(counter) {
        return None;
    }
    let mut step = None;
    let mut start = function.local_variables[counter]
        .init
        .and_then(|init| literal(module, function, init));
    let in_continuing = stores_in(function, continuing, counter);
    let [value] = in_continuing.as_slice() else {
        return None;
    };
    if let Expression::Binary {
        op: op @ (BinaryOperator::Add | BinaryOperator::Subtract),
        left,
        right,
    } = e[*value]
    {
        if local_of_load(function, left) == Some(counter) {
            let k = literal(module, function, right)?;
            step = Some(if op == BinaryOperator::Add { k } else { -k });
        }
    }
    let step = step?;
    if !stores_in(function, body, counter).is_empty() {
        return None;
    }
    for value in locals.stores(counter) {
        if value == &in_continuing[0] {
            continue;
        }
        let v = literal(module, function, *value)?;
        if start.is_some_and(|s| s != v) {
            return None;
        }
        start = Some(v);
    }
    let start = start?;
    let trips = trip_count(start, step, bound, keep_going)?;
    (trips <= UNROLLED_TRIPS).then_some(counter)
}

/// How many times `i = start; while (i OP bound) i += step` runs, if it ends.
fn trip_count(start: f64, step: f64, bound: f64, keep_going: BinaryOperator) -> Option<u32> {
    let runs = |i: f64| match keep_going {
        BinaryOperator::Less => i < bound,
        BinaryOperator::LessEqual => i <= bound,
        BinaryOperator::Greater => i > bound,
        BinaryOperator::GreaterEqual => i >= bound,
        BinaryOperator::NotEqual => i != bound,
        _ => false,
    };
    let mut i = start;
    for n in 0..=UNROLLED_TRIPS + 1 {
        if !runs(i) {
            return Some(n);
        }
        i += step;
    }
    None
}

fn mirrored(op: BinaryOperator) -> Option<BinaryOperator> {
    use BinaryOperator as B;
    Some(match op {
        B::Less => B::Greater,
        B::LessEqual => B::GreaterEqual,
        B::Greater => B::Less,
        B::GreaterEqual => B::LessEqual,
        B::NotEqual => B::NotEqual,
        _ => return None,
    })
}

fn negated_op(op: BinaryOperator) -> Option<BinaryOperator> {
    use BinaryOperator as B;
    Some(match op {
        B::Less => B::GreaterEqual,
        B::LessEqual => B::Greater,
        B::Greater => B::LessEqual,
        B::GreaterEqual => B::Less,
        B::Equal => B::NotEqual,
        _ => return None,
    })
}

/// The values stored to the whole of `v` anywhere inside `block`.
fn stores_in(
    function: &Function,
    block: &Block,
    v: Handle<LocalVariable>,
) -> Vec<Handle<Expression>> {
    let mut out = Vec::new();
    walk(block, &mut Vec::new(), &mut |statement, _| {
        if let Statement::Store { pointer, value } = statement {
            if matches!(function.expressions[*pointer], Expression::LocalVariable(w) if w == v) {
                out.push(*value);
            }
        }
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trip_counts() {
        assert_eq!(trip_count(0.0, 1.0, 16.0, BinaryOperator::Less), Some(16));
        assert_eq!(
            trip_count(0.0, 1.0, 16.0, BinaryOperator::LessEqual),
            Some(17)
        );
        assert_eq!(
            trip_count(15.0, -1.0, 0.0, BinaryOperator::GreaterEqual),
            Some(16)
        );
        assert_eq!(trip_count(0.0, 1.0, 128.0, BinaryOperator::Less), None);
        assert_eq!(trip_count(0.0, -1.0, 4.0, BinaryOperator::Less), None);
    }
}
