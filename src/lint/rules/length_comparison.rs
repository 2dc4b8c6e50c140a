//! `length-comparison`: `length(v)` compared with a radius where `dot(v, v)` would do.

use naga::{BinaryOperator, Expression, Handle, MathFunction};

use crate::lint::analysis::locals::local_of_load;
use crate::lint::analysis::values::nonnegative;
use crate::lint::analysis::FunctionView;
use crate::lint::declare::declare_rule;
use crate::lint::{Context, Violation};

declare_rule! {
    /// ## What it does
    /// Finds `length(v)` compared with `<`, `<=`, `>` or `>=` (either side), where the length is
    /// used for nothing else, such as `if (length(d) > uRadius) discard;`. Off by default: the
    /// rewrite `dot(v, v) > r * r` does not lower optimized SPIR-V.
    ///
    /// ## Why is this bad?
    /// `length` is a square root of a dot product; comparing squared lengths skips the square root.
    /// Measured 2026-11-23 (Mesa 22.3.6 RADV null devices, docs/lint-study.md §7) on a fragment
    /// shader discarding outside a radius: with a uniform radius, optimized SPIR-V (`spirv-opt -O`)
    /// 14 → 15 (+1), vega10 30 → 30, gfx1100 32 → 31; with a literal radius (`0.5` → `0.25`)
    /// SPIR-V -O 12 → 12, vega10 30 → 29, gfx1100 32 → 30; ACO's latency estimate −12 to −16 on
    /// both. Small, and the SPIR-V count does not fall: a note, off by default.
    ///
    /// ## Example
    /// ```glsl
    /// vec3 d = vPos - uCenter;
    /// if (length(d) > uRadius) discard;
    /// ```
    ///
    /// ## Use instead
    /// ```glsl
    /// vec3 d = vPos - uCenter;
    /// if (dot(d, d) > uRadius * uRadius) discard;
    /// ```
    ///
    /// ## Fix safety
    /// No fix: the rewrite is unsafe. For a negative radius the answers differ whenever
    /// `dot(d, d) < r * r`, and exactly on the circle rounding differs (in 24 % of 5·10^6 random
    /// samples on the boundary); off it, no random `r >= 0` differed. `dot(v, v)` also overflows to
    /// infinity sooner than `length(v)` for very long vectors.
    pub(crate) RULE = "length-comparison",
    category: Cost, default: off Note, fix: None, since: "0.1.0",
    summary: "`length(v)` compared with a radius where `dot(v, v)` would do",
    fix_note: "unsafe, SPIR-V -O 0/+1",
    check: check,
}

fn check(context: &Context, out: &mut Vec<Violation>) {
    for (view, handle, expression) in context.emitted() {
        let function = view.function;
        let Expression::Binary {
            op:
                op @ (BinaryOperator::Less
                | BinaryOperator::LessEqual
                | BinaryOperator::Greater
                | BinaryOperator::GreaterEqual),
            left,
            right,
        } = *expression
        else {
            continue;
        };
        let (_, radius) = match (only_length(view, left), only_length(view, right)) {
            (Some(l), None) => (l, right),
            (None, Some(l)) => (l, left),
            _ => continue,
        };
        let sign = match op {
            BinaryOperator::Less => "<",
            BinaryOperator::LessEqual => "<=",
            BinaryOperator::Greater => ">",
            _ => ">=",
        };
        let radius_nonnegative =
            nonnegative(context.module, function, view.info, view.locals(), radius);
        let mut violation = Violation::new(
                format!("`length` comparison (`{sign}`): comparing `dot(v, v)` with the squared radius skips a square root"),
                context.expr_loc(function, handle),
            )
            .note(
                "measured (docs/lint-study.md §7, RADV vega10/gfx1100): `length(d) > r` → \
                 `dot(d, d) > r * r` took optimized SPIR-V +1 (uniform `r`) or 0 (literal), \
                 ISA 0 / −1 and −1 / −2 instructions",
            );
        if !radius_nonnegative {
            violation = violation.note(
                "the other side is not provably `>= 0`: for a negative radius \
                     `dot(v, v) > r * r` gives a different answer",
            );
        }
        out.push(violation);
    }
}

/// The `Length` behind `handle` when its value is used only here: directly, or through a
/// local stored once and loaded once.
fn only_length(view: &FunctionView, handle: Handle<Expression>) -> Option<Handle<Expression>> {
    let function = view.function;
    let is_length = |h: Handle<Expression>| {
        matches!(
            function.expressions[h],
            Expression::Math {
                fun: MathFunction::Length,
                ..
            }
        )
    };
    if is_length(handle) {
        return (view.info[handle].ref_count == 1).then_some(handle);
    }
    // `float d = length(v); if (d > r)`: one store, and this the only load.
    let variable = local_of_load(function, handle)?;
    let value = view.locals().single_value(function, variable)?;
    if !is_length(value) || view.info[value].ref_count != 1 {
        return None;
    }
    let loads = function
        .expressions
        .iter()
        .filter(|(_, e)| matches!(*e, Expression::Load { pointer } if matches!(function.expressions[*pointer], Expression::LocalVariable(v) if v == variable)))
        .count();
    (loads == 1).then_some(value)
}
