//! `signed-power-of-two-division`: signed integer division or modulo by a power of two.

use naga::{BinaryOperator, Expression, Span, TypeInner};

use crate::lint::analysis::values::nonnegative;
use crate::lint::analysis::FunctionView;
use crate::lint::declare::declare_rule;
use crate::lint::rules::ari_util;
use crate::lint::{Applicability, Context, Edit, Fix, Violation};
use crate::shader::InputKind;

declare_rule! {
    /// ## What it does
    /// Finds `/` and `%` on signed integers (`int`, `ivec*`, `i32`) whose divisor is a literal
    /// power of two `2^k` with `k >= 1`, such as `i / 64` or `i % 64`.
    ///
    /// ## Why is this bad?
    /// Signed division rounds toward zero, so `i / 64` cannot be one shift: the driver adds a
    /// correction for negative `i` (sign extraction, add, shift), and naga wraps signed `/` and `%`
    /// in `naga_div`/`naga_mod` helpers for HLSL and MSL that guard division by zero and overflow. A
    /// shift or a mask is one instruction. Measured 2026-11-23 (Mesa 22.3.6 RADV null devices,
    /// docs/lint-study.md §6) on a compute shader computing `i / 64`, `i % 64`, `% 8`, `/ 8`:
    /// optimized SPIR-V (`spirv-opt -O`) 30 → 28, vega10 70 → 60 and gfx1100 70 → 61 instructions
    /// (robustness none; 92 → 82 and 95 → 85 under webgpu), and 8 fewer HLSL/MSL helper lines.
    /// Writing the operands as `uint` gives the same ISA but leaves SPIR-V -O unchanged.
    ///
    /// ## Example
    /// ```glsl
    /// int i = int(gl_GlobalInvocationID.x);
    /// int tile = i / 64;
    /// int inTile = i % 64;
    /// ```
    ///
    /// ## Use instead
    /// ```glsl
    /// int i = int(gl_GlobalInvocationID.x);
    /// int tile = i >> 6;
    /// int inTile = i & 63;
    /// ```
    ///
    /// ## Fix safety
    /// The fix replaces `/ 2^k` with `>> k` and `% 2^k` with `& (2^k - 1)`. For `x >= 0` the
    /// results are identical; for negative `x` they differ (`-1 / 64` is 0, `-1 >> 6` is -1;
    /// `-1 % 64` is -1, `-1 & 63` is 63): exhaustively over all 32-bit `int`s, 2 113 929 216 values
    /// differ, none of them `>= 0`. The fix is safe when the left operand is provably not negative
    /// (an unsigned value converted, an invocation id, `gl_FragCoord`, an `abs`, a mask with a
    /// non-negative constant…), unsafe otherwise. It is only offered as a text edit when the
    /// operator and the literal are written as such in the file (not through a macro), and adds
    /// parentheses where the lower precedence of `>>` and `&` would change the meaning.
    pub(crate) RULE = "signed-power-of-two-division",
    category: Cost, default: on Warning, fix: Unsafe, since: "0.1.0",
    summary: "signed integer division or modulo by a power of two",
    fix_note: "`>> k`, `& (2^k-1)`; safe when the operand is proven ≥ 0",
    measured: "tile transpose, none: 17 → 16; 27 → 17 / 29 → 19",
    check: check,
}

fn check(context: &Context, out: &mut Vec<Violation>) {
    // GLSL ES 1.00 and desktop GLSL before 1.30 have no `>>`, `&` or `uint`.
    if !context.has_integer_bit_operations() {
        return;
    }
    for (view, handle, op, left, right) in ari_util::signed_divisions(context) {
        let function = view.function;
        let Some(value) = ari_util::constant_value(context.module, function, view.locals(), right)
        else {
            continue;
        };
        let Some(k) = ari_util::power_of_two(value) else {
            continue;
        };
        let divide = op == BinaryOperator::Divide;
        let (what, sign, replacement) = if divide {
            ("division", "/", format!(">> {k}"))
        } else {
            ("modulo", "%", format!("& {}", (1u64 << k) - 1))
        };
        let proven = nonnegative(context.module, function, view.info, view.locals(), left);
        let mut violation = Violation::new(
            format!(
                "signed integer {what} by a power of two (`{sign} {}`): use `{replacement}`",
                1u64 << k
            ),
            location(context, function, handle, left),
        )
        .note(if divide {
            "signed `/` rounds toward zero, so it is not one shift: the driver adds a \
                 correction for negative values, and HLSL/MSL get a `naga_div` helper; \
                 `>>` is one instruction"
        } else {
            "signed `%` keeps the sign of the left operand, so it is not one mask: the \
                 driver adds a correction for negative values, and HLSL/MSL get a `naga_mod` \
                 helper; `&` is one instruction"
        })
        .note(
            "measured (docs/lint-study.md §6, RADV vega10/gfx1100): shifts and masks for \
                 `/ 64`, `% 64`, `% 8`, `/ 8` took optimized SPIR-V 30 → 28 and ISA 70 → 60 / \
                 70 → 61 instructions",
        );
        violation = violation.note(if proven {
            "the left operand is provably never negative, so the results are identical".to_string()
        } else {
            format!(
                "the left operand is not provably `>= 0`: for negative values `{replacement}` \
                     gives a different result ({}); make the operand `uint` if it is never \
                     negative (same ISA saving)",
                if divide {
                    "`>>` rounds toward -∞, `/` toward zero"
                } else {
                    "`&` is never negative, `%` keeps the sign of the left operand"
                }
            )
        });
        let applicability = if proven {
            Applicability::Safe
        } else {
            Applicability::Unsafe
        };
        let fix = edit(context, view, handle, left, right, op, value, k).map(|edit| Fix {
            applicability,
            message: format!("use `{replacement}`"),
            edits: vec![edit],
            measured: vec![],
        });
        out.push(violation.with_fix(fix));
    }
}

/// The binary expression's location, widened to the whole left operand (`p.x`, not `.x`).
fn location(
    context: &Context,
    function: &naga::Function,
    handle: naga::Handle<Expression>,
    left: naga::Handle<Expression>,
) -> Option<crate::source::Loc> {
    let span = context.written_span(function, handle).to_range()?;
    // Only a left operand written in this expression widens it: in WGSL the span of a `let`
    // or of a parameter is its declaration, lines away.
    let written_here = |l: &std::ops::Range<usize>| {
        l.start >= span.start
            || ari_util::naga_slice(context, l.start, span.start)
                .is_some_and(|between| !between.contains([';', '\n', '{', '}']))
    };
    let start = context
        .written_span(function, left)
        .to_range()
        .filter(written_here)
        .map_or(span.start, |l| context.chain_start(l.start.min(span.start)));
    context
        .loc(Span::new(start as u32, span.end as u32))
        .or_else(|| context.expr_loc(function, handle))
}

/// The text edit turning `x / 2^k` into `x >> k` (`x % 2^k` into `x & 2^k-1`), when the
/// operator and the literal are plainly in the user's text.
#[allow(clippy::too_many_arguments)]
fn edit(
    context: &Context,
    view: &FunctionView,
    handle: naga::Handle<Expression>,
    left: naga::Handle<Expression>,
    right: naga::Handle<Expression>,
    op: BinaryOperator,
    value: f64,
    k: u32,
) -> Option<Edit> {
    let function = view.function;
    // WGSL has no vector-by-scalar shifts or masks.
    if context.compilation.parsed.kind == InputKind::Wgsl
        && matches!(
            ari_util::pointee(context.module, view.info, handle),
            TypeInner::Vector { .. }
        )
    {
        return None;
    }
    // The divisor must be a literal in the text (not a named constant).
    let literal = match function.expressions[right] {
        Expression::Splat { value, .. } => value,
        _ => right,
    };
    if !matches!(function.expressions[literal], Expression::Literal(_)) {
        return None;
    }
    let r = context.written_span(function, right).to_range()?;
    let left_span = context.written_span(function, left);
    // A compound assignment's left operand is a load naga made up (no span): the statement's
    // span starts at the target.
    let start = match left_span.to_range() {
        Some(l) => context.chain_start(l.start),
        None => context.written_span(function, handle).to_range()?.start,
    };
    // `g(a).y / 4`: naga's span of the member starts at `.y`; the call before it is not part
    // of the chain this edit can see.
    if start > 0 && ari_util::naga_slice(context, start - 1, start) == Some(")") {
        return None;
    }
    let literal_text = ari_util::naga_slice(context, r.start, r.end)?;
    let digits = literal_text.strip_suffix('i').unwrap_or(literal_text);
    if digits.is_empty()
        || !digits.chars().all(|c| c.is_ascii_digit())
        || digits.parse::<f64>().ok() != Some(value)
    {
        return None;
    }
    let (plain, new_op) = match op {
        BinaryOperator::Divide => ('/', ">>"),
        _ => ('%', "&"),
    };
    let head = ari_util::naga_slice(context, start, r.start)?;
    let before_blank = head.trim_end();
    let (before_op, compound) = match before_blank.strip_suffix('=') {
        Some(rest) => (rest.strip_suffix(plain)?, true),
        None => (before_blank.strip_suffix(plain)?, false),
    };
    let left_text = before_op.trim_end();
    match left_span.to_range() {
        Some(l) if l.end - start == left_text.len() => {}
        None if compound && ari_util::is_primary(left_text) => {}
        _ => return None,
    }
    let new_literal = match op {
        BinaryOperator::Divide => k.to_string(),
        _ => ((1u64 << k) - 1).to_string(),
    };
    // WGSL requires parentheses where `*`, `/` or `%` meet `>>` or `&` (`a * b >> 2` is an
    // error there, whatever naga's reader accepts).
    let left_text_wrapped;
    let before_op = if context.compilation.parsed.kind == InputKind::Wgsl
        && !compound
        && !ari_util::is_primary(left_text)
    {
        left_text_wrapped = format!("({left_text}){}", &before_op[left_text.len()..]);
        left_text_wrapped.as_str()
    } else {
        before_op
    };
    let mut replacement = format!(
        "{before_op}{new_op}{}{}{new_literal}",
        if compound { "=" } else { "" },
        &head[before_blank.len()..]
    );
    if !compound && !ari_util::stands_alone(context, start, r.end) {
        replacement = format!("({replacement})");
    }
    let loc = context.verbatim(Span::new(start as u32, r.end as u32))?;
    Some(Edit { loc, replacement })
}
