//! `floor-before-int-conversion`: `floor` of a non-negative value before converting it to an integer.

use naga::{Expression, MathFunction, ScalarKind, Span};

use crate::lint::analysis::values::nonnegative;
use crate::lint::declare::declare_rule;
use crate::lint::rules::ari_util;
use crate::lint::{Applicability, Context, Edit, Fix, Violation};

declare_rule! {
    /// ## What it does
    /// Finds `int(floor(x))`, `ivec2(floor(v))`, `uint(floor(x))` (and WGSL `i32(floor(x))`…) where
    /// `x` is provably never negative: `gl_FragCoord`, invocation ids, unsigned values, `abs`,
    /// `length`, `fract`, `sqrt`, `exp2`, a `max` or `clamp` with a non-negative constant, and sums
    /// and products of those. It does not fire when `x` may be negative (there `floor` matters) or
    /// when the result of `floor` stays a float.
    ///
    /// ## Why is this bad?
    /// Float-to-integer conversion truncates toward zero, which for `x >= 0` is what `floor` does:
    /// the `floor` is one wasted instruction per component. Measured 2026-11-23 (Mesa 22.3.6 RADV
    /// null devices, docs/lint-study.md §6) on a dithering fragment shader computing
    /// `ivec2(floor(gl_FragCoord.xy)) & 3`: optimized SPIR-V (`spirv-opt -O`) 23 → 22, vega10
    /// 40 → 38 and gfx1100 40 → 38 instructions (one `v_floor` per component), under every
    /// robustness preset.
    ///
    /// ## Example
    /// ```glsl
    /// ivec2 p = ivec2(floor(gl_FragCoord.xy)) & 3;
    /// ```
    ///
    /// ## Use instead
    /// ```glsl
    /// ivec2 p = ivec2(gl_FragCoord.xy) & 3;
    /// ```
    ///
    /// ## Fix safety
    /// Safe: the rule only fires when the argument is proven `>= 0`, and for every non-negative
    /// float (and NaN) `int(floor(x)) == int(x)`; exhaustively over all 32-bit floats the two
    /// differ for 1 249 902 592 values, none of them `>= 0`. The edit removes `floor(` and its `)`
    /// only when they are written as such in the file (not through a macro).
    pub(crate) RULE = "floor-before-int-conversion",
    category: Cost, default: on Warning, fix: Safe, since: "0.1.0",
    summary: "`floor` of a non-negative value before converting it to an integer",
    fix_note: "drop `floor` (value proven ≥ 0)",
    measured: "dither, none: 34 → 33; 44 → 42 / 44 → 42",
    check: check,
}

fn check(context: &Context, out: &mut Vec<Violation>) {
    for (view, _, expression) in context.emitted() {
        let function = view.function;
        let Expression::As {
            expr,
            kind: kind @ (ScalarKind::Sint | ScalarKind::Uint),
            convert: Some(_),
        } = *expression
        else {
            continue;
        };
        let Expression::Math {
            fun: MathFunction::Floor,
            arg,
            ..
        } = function.expressions[expr]
        else {
            continue;
        };
        if !nonnegative(context.module, function, view.info, view.locals(), arg) {
            continue;
        }
        let target = if kind == ScalarKind::Sint {
            "an `int`"
        } else {
            "a `uint`"
        };
        // Builtin calls have no span: point at `floor(…)` found around the argument.
        let loc = context
            .call_around("floor", context.written_span(function, arg), false)
            .and_then(|call| context.loc(Span::new(call.name as u32, call.close as u32 + 1)))
            .or_else(|| context.expr_loc(function, expr));
        let violation = Violation::new(
            format!("`floor` before {target} conversion of a value that is never negative"),
            loc,
        )
        .note(
            "converting a float to an integer truncates toward zero, which for values \
                 `>= 0` is what `floor` does: the `floor` costs one instruction per component \
                 for nothing",
        )
        .note(
            "measured (docs/lint-study.md §6, RADV vega10/gfx1100): dropping it from \
                 `ivec2(floor(gl_FragCoord.xy))` took optimized SPIR-V 23 → 22 and ISA \
                 40 → 38 / 40 → 38 instructions",
        );
        let fix = edit(context, function, arg).map(|edit| Fix {
            applicability: Applicability::Safe,
            message: "remove `floor`: the value is never negative".to_string(),
            edits: vec![edit],
            measured: vec![],
        });
        out.push(violation.with_fix(fix));
    }
}

/// `floor(X)` → `X`, when both are plainly in the user's text.
fn edit(
    context: &Context,
    function: &naga::Function,
    arg: naga::Handle<Expression>,
) -> Option<Edit> {
    let span = context.written_span(function, arg);
    let call = context.call_around("floor", span, false)?;
    let (start, open, close) = (call.name, call.open, call.close);
    let inner = ari_util::naga_slice(context, open + 1, close)?.trim();
    let end = close + 1;
    let replacement = if ari_util::is_primary(inner) || ari_util::stands_alone(context, start, end)
    {
        inner.to_string()
    } else {
        format!("({inner})")
    };
    let loc = context.verbatim(Span::new(start as u32, end as u32))?;
    Some(Edit { loc, replacement })
}
