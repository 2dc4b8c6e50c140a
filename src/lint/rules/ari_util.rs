//! Helpers shared by the arithmetic rules (`ARI*`) and `MEM001`: text around IR spans for
//! fixes, powers of two, constant operands, pointee types and indices that loop unrolling
//! makes constant.
//!
//! Text positions here are offsets into the text naga read (`Context::naga_text`); an edit
//! is only made through [`Context::verbatim`], which maps them back to the user's file.

use naga::{
    BinaryOperator, Expression, Function, Handle, LocalVariable, Module, ScalarKind, Span,
    TypeInner,
};

use crate::lint::analysis::locals::{local_of_load, Locals};
use crate::lint::analysis::values::{literal, scalar_kind};
use crate::lint::analysis::FunctionView;
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
            } if scalar_kind(context.module, view.info, handle) == Some(ScalarKind::Sint) => {
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
    literal(module, function, handle)
        .or_else(|| literal(module, function, locals.peel(function, handle)))
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
}
