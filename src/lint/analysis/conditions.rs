//! What a condition tests: both readings of an ordered comparison, and a conjunction
//! `a && b` whether written as one (GLSL) or lowered to control flow (naga's WGSL reader).

use naga::{BinaryOperator, Expression, Handle};

use crate::lint::analysis::placement::Enclosing;
use crate::lint::analysis::view::FunctionView;

/// One reading of a comparison: `x < L`, `x <= L`, `L > x`, `L >= x` bound `x` above
/// (`upper`); read from the other operand's side, the same comparison bounds `L` below.
#[derive(Clone, Copy, Debug)]
pub struct Reading {
    pub x: Handle<Expression>,
    pub limit: Handle<Expression>,
    pub strict: bool,
    pub upper: bool,
}

/// Both readings of the ordered comparison `condition` (after [`Locals::peel`](crate::lint::analysis::locals::Locals::peel)): for
/// `a < b`, `a` bounded above by `b` and `b` bounded below by `a`.
pub fn comparison_readings(
    view: &FunctionView,
    condition: Handle<Expression>,
) -> Option<[Reading; 2]> {
    let f = view.function;
    let condition = view.locals().peel(f, condition);
    let Expression::Binary { op, left, right } = f.expressions[condition] else {
        return None;
    };
    let (low, high, strict) = match op {
        BinaryOperator::Less => (left, right, true),
        BinaryOperator::LessEqual => (left, right, false),
        BinaryOperator::Greater => (right, left, true),
        BinaryOperator::GreaterEqual => (right, left, false),
        _ => return None,
    };
    Some([
        Reading {
            x: low,
            limit: high,
            strict,
            upper: true,
        },
        Reading {
            x: high,
            limit: low,
            strict,
            upper: false,
        },
    ])
}

/// `a && b`: GLSL's `LogicalAnd`, or WGSL's short-circuit lowering of it (an unnamed local
/// stored `b` under `if (a)` and `false` otherwise, then loaded).
pub fn conjunction(
    view: &FunctionView,
    condition: Handle<Expression>,
) -> Option<(Handle<Expression>, Handle<Expression>)> {
    let f = view.function;
    match f.expressions[condition] {
        Expression::Binary {
            op: BinaryOperator::LogicalAnd,
            left,
            right,
        } => Some((left, right)),
        Expression::Load { pointer } => {
            let Expression::LocalVariable(v) = f.expressions[pointer] else {
                return None;
            };
            let variable = &f.local_variables[v];
            if variable.name.is_some()
                || variable.init.is_some()
                || view.locals().written_in_part(v)
            {
                return None;
            }
            let [x, y] = view.locals().stores(v) else {
                return None;
            };
            let is_false = |h: Handle<Expression>| {
                matches!(
                    f.expressions[h],
                    Expression::Literal(naga::Literal::Bool(false))
                )
            };
            let b = match (is_false(*x), is_false(*y)) {
                (false, true) => *x,
                (true, false) => *y,
                _ => return None,
            };
            match view.placement().scope(b)?.last()? {
                Enclosing::If {
                    condition: a,
                    accept: true,
                } => Some((*a, b)),
                _ => None,
            }
        }
        _ => None,
    }
}
