//! `pow-small-integer-exponent`: `pow(x, k)` with a small integer exponent `k >= 3`.

use naga::{Expression, MathFunction};

use crate::lint::analysis::values::literal;
use crate::lint::declare::declare_rule;
use crate::lint::{Context, Violation};

declare_rule! {
    /// ## What it does
    /// Finds `pow(x, k)` whose exponent is a constant integer from 3 to 8, such as
    /// `pow(1.0 - vdoth, 5.0)` (Schlick's Fresnel term). Off by default: the rewrite does not lower
    /// optimized SPIR-V. `pow(x, 2.0)` is not reported: Mesa already turns it into `x * x` (the
    /// rewrite measured 0 everywhere).
    ///
    /// ## Why is this bad?
    /// `pow` is `exp2(k * log2(x))`: two quarter-rate transcendental instructions on AMD
    /// (`v_log_f32`, `v_exp_f32`), where a few multiplications would do. Measured 2026-11-23 (Mesa
    /// 22.3.6 RADV null devices, docs/lint-study.md §7) on a PBR fragment shader, `pow(m, 5.0)`
    /// rewritten as `m2 * m2 * m`: optimized SPIR-V (`spirv-opt -O`) 27 → 29 (+2), vega10 79 → 79
    /// and gfx1100 94 → 92 instructions, ACO's latency estimate 448 → 424 (vega10) and 428 → 416
    /// (gfx1100). Spelled `m*m*m*m*m`: SPIR-V -O +3, vega10 +1, gfx1100 −1. A latency win on
    /// some GPUs, not a count win: hence a note, off by default.
    ///
    /// ## Example
    /// ```glsl
    /// float fresnel = uF0 + (1.0 - uF0) * pow(1.0 - vdoth, 5.0);
    /// ```
    ///
    /// ## Use instead
    /// ```glsl
    /// float m = 1.0 - vdoth;
    /// float m2 = m * m;
    /// float fresnel = uF0 + (1.0 - uF0) * (m2 * m2 * m);
    /// ```
    ///
    /// ## Fix safety
    /// No fix. The products are not bit-identical to `pow` (7.4 million of 10^7 random `m` in
    /// [0, 1] differed in the low bits; the product is the more accurate, 2.3e-7 against 5.6e-6
    /// maximum relative error), and `pow` of a negative base is undefined in GLSL while the product
    /// is defined.
    pub(crate) RULE = "pow-small-integer-exponent",
    category: Cost, default: off Note, fix: None, since: "0.1.0",
    summary: "`pow(x, k)` with a small integer exponent `k >= 3`",
    fix_note: "products: SPIR-V -O +2",
    check: check,
}

fn check(context: &Context, out: &mut Vec<Violation>) {
    for (view, handle, expression) in context.emitted() {
        let function = view.function;
        let Expression::Math {
            fun: MathFunction::Pow,
            arg1: Some(exponent),
            ..
        } = *expression
        else {
            continue;
        };
        let Some(k) = literal(context.module, function, exponent) else {
            continue;
        };
        if k.fract() != 0.0 || !(3.0..=8.0).contains(&k) {
            continue;
        }
        let k = k as u32;
        let products = match k {
            3 => "`x * x * x`",
            4 => "`x2 * x2` with `x2 = x * x`",
            5 => "`x2 * x2 * x` with `x2 = x * x`",
            6 => "`x3 * x3` with `x3 = x * x * x`",
            7 => "`x3 * x3 * x` with `x3 = x * x * x`",
            _ => "`x4 * x4` with `x2 = x * x`, `x4 = x2 * x2`",
        };
        out.push(
                Violation::new(
                    format!("`pow` with a small integer exponent ({k}): {products} avoids `log2` and `exp2`"),
                    context
                        .call_around("pow", context.written_span(function, exponent), true)
                        .and_then(|call| {
                            context.loc(naga::Span::new(call.name as u32, call.close as u32 + 1))
                        })
                    .or_else(|| context.expr_loc(function, handle)),
                )
                .note(
                    "`pow(x, k)` is `exp2(k * log2(x))`, two quarter-rate instructions on AMD; \
                     products are full rate",
                )
                .note(
                    "measured (docs/lint-study.md §7, RADV): `pow(m, 5.0)` → `m2 * m2 * m` \
                     took optimized SPIR-V 27 → 29, ISA 79 → 79 (vega10) / 94 → 92 (gfx1100) \
                     and latency −24 / −12: a latency gain, not a count gain",
                )
                .note(
                    "the products differ from `pow` in the low bits (they are more accurate), \
                     and `pow` of a negative base is undefined",
                ),
            );
    }
}
