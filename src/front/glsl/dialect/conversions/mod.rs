//! GLSL ES has no implicit conversions: `scale * 2` with a `float scale`, `float x = 1;`,
//! `mask & 1` with a `uint mask` are errors in WebGL 1 and 2 (desktop GLSL 1.20+ converts
//! `int` to `float` and `uint`). naga's GLSL reader converts silently, so prism checks the
//! operands itself, with the declared types of [`super::types`], and reports the operator,
//! where glslang does.
//!
//! The check compares the base kinds (`float`, `int`, `uint`) of the two operands of an
//! arithmetic, relational, equality or bitwise operator or an assignment. It types only the
//! operand next to the operator, with the expression typer of [`super::exprs`] (whose
//! `Types` table is built once per shader), and only where that operand stands for the whole
//! side: when the side contains nothing but `* / % + -` and unary operators, whose operands
//! all share one kind in a valid GLSL ES shader. Anything else (shifts, which may mix
//! signedness, comparisons inside the side, the conditional operator, an operand the typer
//! is not sure of, such as a name declared with two types) is left alone: a missed error,
//! never a false one.

mod calls;
mod constructors;
mod operands;

use super::exprs::precedence;
use super::items;
use super::types::Types;
use crate::diagnostic::{error_at, Diagnostic};
use crate::front::glsl::preprocess::{Token, TokenKind};
use operands::{Reader, ASSIGNMENTS};

/// Implicit conversions in a GLSL ES shader, reported at the operator (or the call).
pub(super) fn check(tokens: &[Token], types: &Types) -> Vec<Diagnostic> {
    let reader = Reader {
        tokens,
        types,
        user: items::user_function_names(tokens),
    };
    let mut errors = calls::builtin_arguments(&reader);
    errors.extend(calls::user_functions(&reader));
    errors.extend(constructors::check(&reader));
    for (i, t) in tokens.iter().enumerate() {
        if t.kind != TokenKind::Punct || i == 0 {
            continue;
        }
        let op = t.text.as_str();
        let assignment = ASSIGNMENTS.contains(&op);
        let Some(level) = precedence(op).or(assignment.then_some(0)) else {
            continue;
        };
        if matches!(op, "<<" | ">>" | "&&" | "||" | "^^") || !reader.ends_operand(i - 1) {
            continue;
        }
        let left = if assignment {
            reader.assigned_kind(i)
        } else {
            reader.left_kind(i, level)
        };
        let (Some(left), Some(right)) = (left, reader.right_kind(i, level)) else {
            continue;
        };
        if left != right {
            // glslang puts a declaration's initializer error on the declared name.
            let at = reader.declared_name(i).unwrap_or(t);
            errors.push(error_at(
                "E-DIALECT",
                format!(
                    "`{op}` with a `{}` and an `{}` operand: GLSL ES has no implicit conversions",
                    left.name(),
                    right.name()
                ),
                at.loc,
                format!(
                    "convert one side explicitly, e.g. `{}(...)`, or write the literal as a `{}`",
                    left.name(),
                    left.name()
                ),
            ));
        }
    }
    errors
}
