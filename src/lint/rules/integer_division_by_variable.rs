//! `integer-division-by-variable`: signed integer division or modulo by a value that is not a constant.

use naga::BinaryOperator;

use crate::lint::analysis::values::nonnegative;
use crate::lint::declare::declare_rule;
use crate::lint::rules::ari_util;
use crate::lint::{Applicability, Context, Fix, Violation};

declare_rule! {
    /// ## What it does
    /// Finds `/` and `%` on signed integers (`int`, `ivec*`, `i32`) whose divisor is not a
    /// compile-time constant: a uniform, an attribute, a computed value, such as `id % uColumns`
    /// and `id / uColumns`. Unsigned division, float division and division by a constant are left
    /// alone (a power-of-two constant is `ARI001`'s; other constants become a multiplication).
    ///
    /// ## Why is this bad?
    /// GPUs have no integer divider: a division by a run-time value is a float reciprocal plus
    /// correction steps, and the signed form adds sign handling around the unsigned one (naga
    /// also wraps it in `naga_div`/`naga_mod` helpers for HLSL and MSL). Measured 2026-11-23 (Mesa
    /// 22.3.6 RADV null devices, docs/lint-study.md §6) on a grid vertex shader computing
    /// `id % uColumns` and `id / uColumns`: with `uint` operands optimized SPIR-V (`spirv-opt -O`)
    /// went 40 → 35, vega10 85 → 70 and gfx1100 95 → 81 instructions. Computing `%` from the
    /// quotient (`id - row * uColumns`) saves nothing: spirv-opt and the driver already share the
    /// division.
    ///
    /// ## Example
    /// ```glsl
    /// uniform int uColumns;
    /// int id = int(gl_InstanceID);
    /// int col = id % uColumns;
    /// int row = id / uColumns;
    /// ```
    ///
    /// ## Use instead
    /// ```glsl
    /// uniform uint uColumns;
    /// uint id = uint(gl_InstanceID);
    /// uint col = id % uColumns;
    /// uint row = id / uColumns;
    /// ```
    ///
    /// ## Fix safety
    /// Display-only: the rewrite changes declarations (the uniform's type, which the application
    /// sets with `glUniform1ui` instead of `glUniform1i`, or the buffer layout) and cannot be one
    /// local edit. Results are identical when both operands are never negative; for a negative
    /// operand `int` division truncates toward zero while the `uint` division sees a huge number.
    /// The rule's note says when it could prove both operands non-negative.
    pub(crate) RULE = "integer-division-by-variable",
    category: Cost, default: on Warning, fix: DisplayOnly, since: "0.1.0",
    summary: "signed integer division or modulo by a value that is not a constant",
    fix_note: "`uint` operands",
    measured: "grid, none: 35 → 31; 80 → 65 / 104 → 90",
    check: check,
}

fn check(context: &Context, out: &mut Vec<Violation>) {
    // The remedy is `uint`, which GLSL ES 1.00 and desktop GLSL before 1.30 do not have.
    if !context.has_integer_bit_operations() {
        return;
    }
    for (view, handle, op, left, right) in ari_util::signed_divisions(context) {
        let function = view.function;
        if ari_util::is_constant(context.module, function, view.locals(), right) {
            continue;
        }
        let (what, sign) = match op {
            BinaryOperator::Divide => ("division", "/"),
            _ => ("modulo", "%"),
        };
        let divisor = context
            .expr_loc(function, right)
            .and_then(|loc| context.user_text(loc))
            .filter(|t| t.len() <= 40 && !t.contains('\n'))
            .map(|t| format!(" (`{sign} {t}`)"))
            .unwrap_or_default();
        let nn = |h| nonnegative(context.module, function, view.info, view.locals(), h);
        let both = nn(left) && nn(right);
        let mut violation = Violation::new(
            format!("signed integer {what} by a variable{divisor}"),
            context.expr_loc(function, handle),
        )
        .note(
            "a division by a run-time value is a reciprocal and correction steps on the \
                 GPU, and the signed form adds sign handling on top (and a `naga_div`/`naga_mod` \
                 helper in HLSL and MSL)",
        )
        .note(
            "measured (docs/lint-study.md §6, RADV vega10/gfx1100): `id % uColumns` and \
                 `id / uColumns` with `uint` operands took optimized SPIR-V 40 → 35 and ISA \
                 85 → 70 / 95 → 81 instructions",
        );
        violation = violation.note(if both {
            "both operands are provably never negative: `uint` gives identical results"
        } else {
            "`uint` gives the same results only if both operands are never negative \
                 (for negative values `int` division truncates toward zero)"
        });
        out.push(violation.with_fix(Some(Fix {
            applicability: Applicability::DisplayOnly,
            message: "use `uint` operands if both are never negative".to_string(),
            edits: vec![],
            measured: vec![],
        })));
    }
}
