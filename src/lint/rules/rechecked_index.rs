//! `rechecked-index`: an index the shader already bounds, checked again by the robustness policy.

use naga::proc::BoundsCheckPolicy;
use naga::{
    BinaryOperator, Block, Expression, Function, Handle, LocalVariable, MathFunction, Statement,
    UnaryOperator,
};

use crate::lint::analysis::conditions::{comparison_readings, conjunction};
use crate::lint::analysis::locals::root_local;
use crate::lint::analysis::placement::{walk, Enclosing};
use crate::lint::analysis::same_value::same_value;
use crate::lint::analysis::values::{literal, nonnegative};
use crate::lint::analysis::FunctionView;
use crate::lint::declare::declare_rule;
use crate::lint::rules::idx_util;
use crate::lint::{Context, Violation};

declare_rule! {
    /// ## What it does
    /// Finds an array index the shader already keeps in range, which the robustness policy in force
    /// checks again: `a[clamp(i, 0, N - 1)]`, `a[k & m]` with `m ≤ N - 1`, `a[min(k, c)]` with
    /// `k ≥ 0` and `c ≤ N - 1`, an access inside `if (k < N) { … }` (`k ≥ 0`) or, for a signed
    /// `i`, inside `if (i >= 0 && i < N) { … }`, and a `for` counter
    /// starting at a non-negative literal, bounded by a literal `≤ N` or `min(_, ≤ N)` and not
    /// written in the loop body. Reported only when the policy checks the access (not under
    /// `none`). Off by default: informational.
    ///
    /// ## Why is this bad?
    /// naga inserts the check whatever the index is, and the driver removes it only for some
    /// spellings. Measured 2026-11-23 (Mesa 22.3.6 RADV null devices, vega10 / gfx1100;
    /// `docs/lint-study.md` §3), what the check adds on top of the user's bound:
    ///
    /// | bound | SPIR-V after `spirv-opt -O` | ISA, webgpu (restrict) | ISA, webgl with read-zero-skip-write |
    /// |---|---:|---:|---:|
    /// | `clamp(i, 0, 63)` | +1 (+4 rzsw) | +1 / +1 | +8 / +6 |
    /// | `k & 63u` | +1 (+4 rzsw) | +1 / +1 | +8 / +6 |
    /// | `min(k, 63u)` | +1 (+4 rzsw) | 0 / 0 | 0 / 0 |
    /// | `if (k < 64u)` | +1 (+3 rzsw) | +1 / +1 | 0 / 0 |
    /// | `if (i >= 0 && i < 64)`, signed `i` | +1 (+4 rzsw) | +1 / +1 | +9 / +7 |
    /// | `for (i = 0; i < 16; ++i)` | +1 (+4 rzsw) | 0 / 0 (unrolled) | 0 / 0 |
    /// | `for (i = 0; i < min(n, 16); ++i)` | +1 (+4 rzsw) | +1 / +1 | +5 / +5 |
    ///
    /// Not reported: off-by-one bounds (`clamp(i, 0, 64)`, `& 127u` on 64 elements,
    /// `k <= 64u`), an `else` branch or a guard on another variable, a counter also written in the
    /// loop body, and robustness `none` (nothing is inserted).
    ///
    /// ## Example
    /// ```glsl
    /// uniform vec4 uPalette[64];
    /// vec4 albedo = uPalette[clamp(vMaterial, 0, 63)];
    /// ```
    ///
    /// ## Use instead
    /// No rewrite lowers both counts: spelling the bound as the check's own shape,
    /// `uPalette[min(uint(vMaterial), 63u)]`, made the check free on both GPUs (−1 / −1 under
    /// webgpu, −8 / −6 under webgl with read-zero-skip-write) but left the optimized SPIR-V
    /// unchanged, and differs from the clamp for every negative `vMaterial` (element 63 instead of
    /// 0); `min(uint(max(i, 0)), 63u)` is identical to the clamp but costs +1 after
    /// `spirv-opt -O` and pays only under read-zero-skip-write. The real fix belongs in the
    /// compiler (skip a check the IR proves redundant); keep the code as it is, or run on a device
    /// whose robustness lets you drop the check (`--index-bounds unchecked`). The signed two-sided
    /// guard is the exception: `if (uint(i) < 64u)` lowers every count, the check's included (rule
    /// ARI006 offers it).
    ///
    /// ## Fix safety
    /// No fix is offered.
    pub(crate) RULE = "rechecked-index",
    category: Cost, default: off Note, fix: None, since: "0.1.0",
    summary: "an index the shader already bounds, checked again by the robustness policy",
    fix_note: "no rewrite lowers both counts",
    check: check,
}

fn check(context: &Context, out: &mut Vec<Violation>) {
    for view in &context.functions {
        let f = view.function;
        for (h, expression) in f.expressions.iter() {
            let Expression::Access { base, index } = *expression else {
                continue;
            };
            if literal(context.module, f, index).is_some() {
                continue;
            }
            let policy = context.policy_for(view, base);
            if policy == BoundsCheckPolicy::Unchecked {
                continue;
            }
            let Some(n) = idx_util::constant_length(context, view, base) else {
                continue;
            };
            let Some(bound) = bound_of(context, view, h, index, n as f64) else {
                continue;
            };
            out.push(violation(context, view, h, index, policy, n, &bound));
        }
    }
}

/// How the shader bounds an index.
enum Bound {
    Clamp,
    Mask,
    Min,
    /// An `if` around the access; `two_sided`: a signed `x >= 0 && x < N`.
    Guard {
        condition: Handle<Expression>,
        two_sided: bool,
    },
    Loop {
        constant: bool,
    },
}

fn bound_of(
    context: &Context,
    view: &FunctionView,
    access: Handle<Expression>,
    index: Handle<Expression>,
    n: f64,
) -> Option<Bound> {
    let f = view.function;
    let lit = |h| literal(context.module, f, h);
    let nonneg = |h| nonnegative(context.module, f, view.info, view.locals(), h);
    let peeled = view.locals().peel(f, index);
    match f.expressions[peeled] {
        Expression::Math {
            fun: MathFunction::Clamp,
            arg1: Some(lo),
            arg2: Some(hi),
            ..
        } if lit(lo).is_some_and(|v| v >= 0.0) && lit(hi).is_some_and(|v| v <= n - 1.0) => {
            return Some(Bound::Clamp)
        }
        Expression::Math {
            fun: MathFunction::Min,
            arg,
            arg1: Some(other),
            ..
        } => {
            let bounded = |x, c| lit(c).is_some_and(|v| (0.0..=n - 1.0).contains(&v)) && nonneg(x);
            if bounded(arg, other) || bounded(other, arg) {
                return Some(Bound::Min);
            }
        }
        Expression::Binary {
            op: BinaryOperator::And,
            left,
            right,
        } => {
            let mask = |m| lit(m).is_some_and(|v| (0.0..=n - 1.0).contains(&v));
            if mask(left) || mask(right) {
                return Some(Bound::Mask);
            }
        }
        _ => {}
    }
    let scope = view.placement().scope(access)?;
    // An `if (k < N)` around the access, on the index itself.
    for enclosing in scope {
        if let Enclosing::If {
            condition,
            accept: true,
        } = *enclosing
        {
            if let Some(two_sided) = guards(context, view, condition, index, n) {
                return Some(Bound::Guard {
                    condition,
                    two_sided,
                });
            }
        }
    }
    // A loop counter.
    let Expression::Load { pointer } = f.expressions[peeled] else {
        return None;
    };
    let Expression::LocalVariable(v) = f.expressions[pointer] else {
        return None;
    };
    for enclosing in scope.iter().rev() {
        if let Enclosing::Loop {
            id,
            continuing: false,
        } = *enclosing
        {
            if let Some(constant) = counter_loop(context, view, view.loops().get(id)?, v, n) {
                return Some(Bound::Loop { constant });
            }
        }
    }
    None
}

/// Whether `condition` keeps the index in `0..n`: `x < L` (`L ≤ n`), `x <= L` (`L ≤ n - 1`)
/// or the mirrored forms with `x` the index and not negative, or a conjunction `a && b` where
/// one side does that alone, or one side is such an upper bound and the other `x >= 0`
/// (`x > -1`): `if (i >= 0 && i < 64)` on a signed `i`. `Some(true)` for that two-sided form.
fn guards(
    context: &Context,
    view: &FunctionView,
    condition: Handle<Expression>,
    index: Handle<Expression>,
    n: f64,
) -> Option<bool> {
    let f = view.function;
    let condition = view.locals().peel(f, condition);
    if let Some((a, b)) = conjunction(view, condition) {
        let guards = |c| guards(context, view, c, index, n);
        let upper = |c| bound_on_index(context, view, c, index, n, true).is_some();
        let lower = |c| bound_on_index(context, view, c, index, n, false).is_some();
        return guards(a)
            .or_else(|| guards(b))
            .or(((upper(a) && lower(b)) || (upper(b) && lower(a))).then_some(true));
    }
    bound_on_index(context, view, condition, index, n, true)
        .is_some_and(|x| nonnegative(context.module, f, view.info, view.locals(), x))
        .then_some(false)
}

/// The compared value, when `condition` compares the index against a literal that bounds it
/// above within `0..n` (`upper`: `x < L` with `L ≤ n`, `x <= L` with `L ≤ n - 1`) or below
/// at zero (`x >= 0`, `x > -1`).
fn bound_on_index(
    context: &Context,
    view: &FunctionView,
    condition: Handle<Expression>,
    index: Handle<Expression>,
    n: f64,
    upper: bool,
) -> Option<Handle<Expression>> {
    let f = view.function;
    comparison_readings(view, condition)?
        .into_iter()
        .find(|r| {
            r.upper == upper
                && literal(context.module, f, r.limit).is_some_and(|value| {
                    if upper {
                        value <= if r.strict { n } else { n - 1.0 }
                    } else {
                        value >= if r.strict { -1.0 } else { 0.0 }
                    }
                })
                && same_value(context.module, view, r.x, index)
        })
        .map(|r| r.x)
}

/// Whether `statement` is a `for` loop counting the local `v` from a non-negative literal up
/// by one while `v < bound` (`bound ≤ n`, a literal or `min(_, ≤ n)`), with no other write
/// of `v` in its body. `Some(true)` for a literal bound.
fn counter_loop(
    context: &Context,
    view: &FunctionView,
    statement: &Statement,
    v: Handle<naga::LocalVariable>,
    n: f64,
) -> Option<bool> {
    let Statement::Loop {
        body, continuing, ..
    } = statement
    else {
        return None;
    };
    let f = view.function;
    let lit = |h| literal(context.module, f, h);
    let is_v = |h: Handle<Expression>| {
        matches!(f.expressions[h], Expression::Load { pointer }
            if matches!(f.expressions[pointer], Expression::LocalVariable(x) if x == v))
    };
    // The exit test: the first statement after the leading `Emit`s.
    let test = body.iter().find(|s| !matches!(s, Statement::Emit(_)))?;
    let Statement::If {
        condition,
        accept,
        reject,
    } = test
    else {
        return None;
    };
    if !reject.is_empty() || !matches!(accept.iter().next(), Some(Statement::Break)) {
        return None;
    }
    let Expression::Unary {
        op: UnaryOperator::LogicalNot,
        expr,
    } = f.expressions[*condition]
    else {
        return None;
    };
    let Expression::Binary {
        op: BinaryOperator::Less,
        left,
        right,
    } = f.expressions[expr]
    else {
        return None;
    };
    if !is_v(left) {
        return None;
    }
    let bound = view.locals().peel(f, right);
    let constant = match f.expressions[bound] {
        _ if lit(bound).is_some() => {
            if lit(bound)? > n {
                return None;
            }
            true
        }
        Expression::Math {
            fun: MathFunction::Min,
            arg,
            arg1: Some(other),
            ..
        } if lit(arg).is_some_and(|c| c <= n) || lit(other).is_some_and(|c| c <= n) => false,
        _ => return None,
    };
    if view.locals().written_in_part(v) || block_writes(f, body, v) {
        return None;
    }
    // Every value `v` holds: a non-negative literal (its start) or `v + 1` (the step, in
    // the continuing block).
    let start_ok = f.local_variables[v]
        .init
        .is_none_or(|i| lit(i).is_some_and(|c| c >= 0.0));
    let stores_ok = view.locals().stores(v).iter().all(|s| {
        lit(*s).is_some_and(|c| c >= 0.0)
            || matches!(f.expressions[*s], Expression::Binary { op: BinaryOperator::Add, left, right }
                if is_v(left) && lit(right) == Some(1.0))
    });
    let steps = block_writes(f, continuing, v);
    (start_ok && stores_ok && steps).then_some(constant)
}

fn violation(
    context: &Context,
    view: &FunctionView,
    access: Handle<Expression>,
    index: Handle<Expression>,
    policy: BoundsCheckPolicy,
    n: u32,
    bound: &Bound,
) -> Violation {
    let f = view.function;
    let call = match bound {
        Bound::Clamp => Some("clamp"),
        Bound::Min => Some("min"),
        _ => None,
    };
    // naga gives builtin calls the span of their operands: put the call back around them.
    let index_text = idx_util::index_text(context, f, access)
        .or_else(|| idx_util::short_text(context, f, index))
        .map(|t| match call {
            Some(name) if !t.starts_with(name) => format!(" `{name}({t})`"),
            _ => format!(" `{t}`"),
        })
        .unwrap_or_default();
    let how = match bound {
        Bound::Clamp => "already clamped".to_string(),
        Bound::Mask => "already masked".to_string(),
        Bound::Min => "already bounded with `min`".to_string(),
        Bound::Guard { condition, .. } => match idx_util::short_text(context, f, *condition) {
            Some(t) => format!("already guarded by `{t}`"),
            None => "already guarded by a range test".to_string(),
        },
        Bound::Loop { .. } => "(a loop counter below the array length)".to_string(),
    };
    let rzsw = policy == BoundsCheckPolicy::ReadZeroSkipWrite;
    let measured = match bound {
        Bound::Clamp | Bound::Mask if rzsw => {
            "+4 SPIR-V after spirv-opt -O and +8 / +6 vega10 / gfx1100 instructions: the driver \
             does not recognise this bound"
        }
        Bound::Clamp | Bound::Mask => {
            "+1 SPIR-V after spirv-opt -O and +1 / +1 vega10 / gfx1100 instructions: the driver \
             does not recognise this bound"
        }
        Bound::Min => "+1 SPIR-V after spirv-opt -O; the driver removes it (0 / 0 instructions)",
        Bound::Guard {
            two_sided: true, ..
        } if rzsw => {
            "+4 SPIR-V after spirv-opt -O and +9 / +7 vega10 / gfx1100 instructions: the driver \
             does not see that the signed test implies the check's unsigned one"
        }
        Bound::Guard { .. } if rzsw => {
            "+3 SPIR-V after spirv-opt -O; the driver removes the compare and branch (0 / 0)"
        }
        Bound::Guard { .. } => {
            "+1 SPIR-V after spirv-opt -O and +1 / +1 vega10 / gfx1100 instructions (the driver \
             keeps the clamp)"
        }
        Bound::Loop { constant: true } => {
            "+1 SPIR-V after spirv-opt -O; the driver unrolls the loop and the check vanishes (0 / 0)"
        }
        Bound::Loop { constant: false } if rzsw => {
            "+4 SPIR-V after spirv-opt -O and +5 / +5 vega10 / gfx1100 instructions"
        }
        Bound::Loop { constant: false } => {
            "+1 SPIR-V after spirv-opt -O and +1 / +1 vega10 / gfx1100 instructions"
        }
    };
    Violation::new(
        format!(
            "index{index_text} {how} is checked again ({} policy)",
            idx_util::policy_short(policy)
        ),
        idx_util::access_loc(context, f, access),
    )
    .note(format!(
        "the shader keeps the index in 0..{}, but under robustness {} naga still inserts {}",
        n - 1,
        context.robustness_words(),
        Context::check_words(policy)
    ))
    .note(format!(
        "measured 2026-11-23 (Mesa 22.3.6 RADV null devices) for this kind of bound: {measured}"
    ))
    .note(match bound {
        Bound::Guard {
            two_sided: true, ..
        } => {
            "the test as one unsigned comparison lowers every count, the check's included \
             (ARI006 offers that rewrite)"
        }
        _ => {
            "no rewrite lowers both counts (see `prism rule IDX003`); the redundant check is \
             the compiler's to skip"
        }
    })
}

/// Whether a block (or a block nested in it) writes the local `v`.
pub fn block_writes(function: &Function, block: &Block, v: Handle<LocalVariable>) -> bool {
    let mut found = false;
    walk(
        block,
        &mut Vec::new(),
        &mut |statement, _| match statement {
            Statement::Store { pointer, .. } | Statement::Atomic { pointer, .. } => {
                found |= root_local(function, *pointer) == Some(v);
            }
            Statement::Call { arguments, .. } => {
                found |= arguments
                    .iter()
                    .any(|a| root_local(function, *a) == Some(v));
            }
            _ => {}
        },
    );
    found
}
