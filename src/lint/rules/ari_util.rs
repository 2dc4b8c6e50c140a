//! Helpers shared by the arithmetic rules (`ARI*`) and `MEM001`: text around IR spans for
//! fixes, powers of two, constant operands, pointee types and constant-trip loop counters.
//!
//! Text positions here are offsets into the text naga read (`Context::naga_text`); an edit
//! is only made through [`Context::verbatim`], which maps them back to the user's file.

use naga::{
    BinaryOperator, Block, Expression, Function, Handle, LocalVariable, Module, ScalarKind, Span,
    Statement, TypeInner, UnaryOperator,
};

use crate::lint::context::FunctionView;
use crate::lint::ir::{self, Locals};
use crate::lint::Context;

/// `k` when `value` is `2^k` with `1 <= k <= 30` (a positive `int` power of two above 1).
pub fn power_of_two(value: f64) -> Option<u32> {
    if value.fract() != 0.0 || !(2.0..=(1u64 << 30) as f64).contains(&value) {
        return None;
    }
    let v = value as u64;
    v.is_power_of_two().then(|| v.trailing_zeros())
}

/// Every emitted signed integer `/` or `%` (`ARI001` and `ARI002`): its function, handle,
/// operator and operands.
pub fn signed_divisions<'s, 'a>(
    context: &'s Context<'a>,
) -> impl Iterator<
    Item = (
        &'s FunctionView<'a>,
        Handle<Expression>,
        BinaryOperator,
        Handle<Expression>,
        Handle<Expression>,
    ),
> + 's {
    context
        .emitted()
        .filter_map(|(view, handle, expression)| match *expression {
            Expression::Binary {
                op: op @ (BinaryOperator::Divide | BinaryOperator::Modulo),
                left,
                right,
            } if ir::scalar_kind(context.module, view.info, handle) == Some(ScalarKind::Sint) => {
                Some((view, handle, op, left, right))
            }
            _ => None,
        })
}

/// The value of an operand that is a compile-time number: a literal, a named constant, a
/// splat of one, or a local stored once with one of those.
pub fn constant_value(
    module: &Module,
    function: &Function,
    locals: &Locals,
    handle: Handle<Expression>,
) -> Option<f64> {
    ir::literal(module, function, handle)
        .or_else(|| ir::literal(module, function, locals.peel(function, handle)))
}

/// Whether an operand is a compile-time constant of any kind (literal, named constant,
/// override, constant composite, or a single-valued local holding one).
pub fn is_constant(
    module: &Module,
    function: &Function,
    locals: &Locals,
    handle: Handle<Expression>,
) -> bool {
    if constant_value(module, function, locals, handle).is_some() {
        return true;
    }
    let handle = locals.peel(function, handle);
    matches!(
        function.expressions[handle],
        Expression::Literal(_)
            | Expression::Constant(_)
            | Expression::Override(_)
            | Expression::ZeroValue(_)
    )
}

/// The text naga read between two offsets.
pub fn naga_slice<'c>(context: &'c Context, start: usize, end: usize) -> Option<&'c str> {
    if start > end {
        return None;
    }
    context.naga_text(Span::new(start as u32, end as u32))
}

/// The last non-blank character before `offset` and the text before it.
fn previous_token(text: &str, offset: usize) -> Option<(char, &str)> {
    let before = text.get(..offset)?.trim_end();
    let c = before.chars().next_back()?;
    Some((c, &before[..before.len() - c.len_utf8()]))
}

/// The first non-blank character at or after `offset`.
fn next_char(text: &str, offset: usize) -> Option<char> {
    text.get(offset..)?.trim_start().chars().next()
}

/// Whether an expression at `start..end` of naga's text sits where any expression can go
/// without parentheses: between `(`, `,`, `[`, `=`, `?`, `:`, `return` on the left and `)`,
/// `,`, `]`, `;`, `?`, `:` on the right. Conservative: `false` asks for parentheses.
pub fn stands_alone(context: &Context, start: usize, end: usize) -> bool {
    let Some(text) = context.naga_source() else {
        return false;
    };
    let left_ok = match previous_token(text, start) {
        Some(('(' | ',' | '[' | '{' | '?' | ':' | ';', _)) => true,
        // `=` and compound assignments, not `==`, `<=`, `>=`, `!=` (or `>>=`, `<<=`).
        Some(('=', rest)) => !rest.ends_with(['=', '!', '<', '>']),
        Some((_, _)) => {
            let before = text[..start].trim_end();
            before.ends_with("return")
                && !before[..before.len() - 6].ends_with(|c: char| c.is_alphanumeric() || c == '_')
        }
        None => false,
    };
    left_ok
        && matches!(
            next_char(text, end),
            Some(')' | ',' | ']' | ';' | '?' | ':')
        )
}

/// Whether `text` is one primary expression (an identifier with member or swizzle accesses,
/// or a number): safe to put anywhere without parentheses.
pub fn is_primary(text: &str) -> bool {
    !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '.')
}

/// The type a pointer expression points at (or the expression's own type).
pub fn pointee<'m>(
    module: &'m Module,
    info: &'m naga::valid::FunctionInfo,
    handle: Handle<Expression>,
) -> &'m TypeInner {
    match *info[handle].ty.inner_with(&module.types) {
        TypeInner::Pointer { base, .. } => &module.types[base].inner,
        ref other => other,
    }
}

/// A `for` loop counter that Mesa unrolls away: `counter` starts at a constant, only the
/// loop's continuing block changes it (by a constant step), and the loop's first statement
/// breaks when it passes a constant bound, after at most [`UNROLLED_TRIPS`] iterations.
pub struct CountedLoop<'a> {
    pub counter: Handle<LocalVariable>,
    pub body: &'a Block,
    pub continuing: &'a Block,
    pub trips: u32,
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
                if let Some(c) = &counted {
                    counters.push(c.counter);
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

/// The loop `body`/`continuing` as a constant-trip counted loop, if it is one.
pub fn counted_loop<'a>(
    module: &Module,
    function: &Function,
    locals: &Locals,
    body: &'a Block,
    continuing: &'a Block,
) -> Option<CountedLoop<'a>> {
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
    let bound = ir::literal(module, function, bound)?;
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
        .and_then(|init| ir::literal(module, function, init));
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
            let k = ir::literal(module, function, right)?;
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
        let v = ir::literal(module, function, *value)?;
        if start.is_some_and(|s| s != v) {
            return None;
        }
        start = Some(v);
    }
    let start = start?;
    let trips = trip_count(start, step, bound, keep_going)?;
    (trips <= UNROLLED_TRIPS).then_some(CountedLoop {
        counter,
        body,
        continuing,
        trips,
    })
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

/// The values stored to the whole of `v` anywhere inside `block`.
fn stores_in(
    function: &Function,
    block: &Block,
    v: Handle<LocalVariable>,
) -> Vec<Handle<Expression>> {
    let mut out = Vec::new();
    ir::walk(block, &mut Vec::new(), &mut |statement, _| {
        if let Statement::Store { pointer, value } = statement {
            if matches!(function.expressions[*pointer], Expression::LocalVariable(w) if w == v) {
                out.push(*value);
            }
        }
    });
    out
}

/// Whether `handle` is computed only from constants and loads of `counters` (an index Mesa
/// turns into a constant once the loops are unrolled).
pub fn unrolled_constant(
    module: &Module,
    function: &Function,
    locals: &Locals,
    counters: &[Handle<LocalVariable>],
    handle: Handle<Expression>,
) -> bool {
    let handle = locals.peel(function, handle);
    if is_constant(module, function, locals, handle) {
        return true;
    }
    if let Some(v) = local_of_load(function, handle) {
        return counters.contains(&v);
    }
    match function.expressions[handle] {
        Expression::Binary { left, right, .. } => {
            unrolled_constant(module, function, locals, counters, left)
                && unrolled_constant(module, function, locals, counters, right)
        }
        Expression::Unary { expr, .. } | Expression::As { expr, .. } => {
            unrolled_constant(module, function, locals, counters, expr)
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn powers_of_two_from_two_up() {
        assert_eq!(power_of_two(64.0), Some(6));
        assert_eq!(power_of_two(2.0), Some(1));
        assert_eq!(power_of_two(1.0), None);
        assert_eq!(power_of_two(0.0), None);
        assert_eq!(power_of_two(-64.0), None);
        assert_eq!(power_of_two(48.0), None);
        assert_eq!(power_of_two(2.5), None);
    }

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
