//! `signed-range-test`: `i >= 0 && i < n` on a signed integer, which one unsigned
//! comparison does.

use naga::{Expression, Handle, Scalar, ScalarKind, Span, TypeInner};

use crate::shader::InputKind;

use crate::front::span_repair as spans;
use crate::lint::analysis::conditions::{comparison_readings, conjunction, Reading};
use crate::lint::analysis::same_value::same_value;
use crate::lint::analysis::values::{literal, nonnegative, subtree};
use crate::lint::analysis::FunctionView;
use crate::lint::declare::declare_rule;
use crate::lint::{Applicability, Context, Edit, Fix, Violation};

declare_rule! {
    /// ## What it does
    /// Finds a two-sided range test on a signed 32-bit integer, `i >= 0 && i < n` (or `i <= n`,
    /// the operands either way round, `i > -1` for the lower end, WGSL's `&&` too), where `n` is a
    /// non-negative literal or a value prism proves non-negative. Not reported: a lower end other
    /// than zero, a test on two different values (a local counts as the value stored in it only
    /// when that store is unconditional and comes first), a limit that may be negative (`abs` of
    /// an `int` may be `INT_MIN`) or that reads memory at a dynamic index (the rewrite evaluates
    /// it where `&&` skipped it), and GLSL ES 1.00 / desktop GLSL before 1.30 (no `uint`). No text
    /// edit is offered when the test's text holds a comment or a WGSL template (`bitcast<i32>`).
    ///
    /// ## Why is this bad?
    /// The two comparisons and the `&&` cost three instructions where one does: converted to
    /// `uint`, a negative `int` becomes at least 2³¹, above every non-negative `int` limit, so
    /// `uint(i) < uint(n)` is false exactly when one of the two tests is. The driver does not make
    /// this rewrite itself, and when the test guards an access that a read-zero-skip-write policy
    /// checks, it cannot see that the signed test already implies the unsigned check, and keeps
    /// both. Measured 2026-11-23 (Mesa 22.3.6 RADV null devices, vega10 / gfx1100) on a palette
    /// lookup behind `if (vMaterial >= 0 && vMaterial < 64)`:
    ///
    /// | robustness of the access | SPIR-V after `spirv-opt -O` | ISA instructions |
    /// |---|---:|---:|
    /// | none | 11 → 10 | 24 → 22 / 25 → 23 |
    /// | restrict (webgpu, webgl) | 12 → 11 | 25 → 23 / 26 → 24 |
    /// | read-zero-skip-write | 15 → 14 | 33 → 22 / 32 → 23 |
    ///
    /// ## Example
    /// ```glsl
    /// if (vMaterial >= 0 && vMaterial < 64) {
    ///     c = uPalette[vMaterial];
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```glsl
    /// if (uint(vMaterial) < 64u) {
    ///     c = uPalette[vMaterial];
    /// }
    /// ```
    ///
    /// ## Fix safety
    /// Safe: for every 32-bit `int` `i` and every `int` `n >= 0`, `i >= 0 && i < n` equals
    /// `uint(i) < uint(n)` (GLSL and WGSL convert `int` to `uint` by keeping the bits), and the
    /// rule fires only when `n` is proven non-negative and both tests read the same value. The
    /// test is evaluated once instead of twice; nothing it reads has side effects. The edit
    /// replaces the whole `&&` expression only when it is written as such in the file (not through
    /// a macro).
    pub(crate) RULE = "signed-range-test",
    category: Cost, default: on Warning, fix: Safe, since: "0.1.0",
    summary: "`i >= 0 && i < n` on a signed integer: one unsigned comparison does both",
    fix_note: "`i >= 0 && i < n` → `uint(i) < uint(n)` (n proven ≥ 0)",
    measured: "palette guard, none: 11 → 10; 24 → 22 / 25 → 23",
    check: check,
}

fn check(context: &Context, out: &mut Vec<Violation>) {
    if !context.has_integer_bit_operations() {
        return;
    }
    for view in &context.functions {
        let f = view.function;
        for (h, _) in f.expressions.iter() {
            if view.placement().scope(h).is_none() {
                continue;
            }
            let Some((a, b)) = conjunction(view, h) else {
                continue;
            };
            let (Some(ra), Some(rb)) = (comparison_readings(view, a), comparison_readings(view, b))
            else {
                continue;
            };
            // The upper test first in the pair, with which side of `&&` it is.
            let found = [(ra, rb, true), (rb, ra, false)].into_iter().find_map(
                |(upper, lower, upper_first)| {
                    let u = upper.into_iter().find(|r| r.upper)?;
                    let l = lower.into_iter().find(|r| !r.upper)?;
                    range_test(context, view, u, l).then_some((u, upper_first))
                },
            );
            let Some((upper, upper_first)) = found else {
                continue;
            };
            out.push(violation(context, view, h, upper, upper_first));
        }
    }
}

/// Whether `upper` (`x < n`, `x <= n`) and `lower` (`x >= 0`, `x > -1`) test one signed
/// 32-bit value against `0..n` with `n` never negative.
fn range_test(context: &Context, view: &FunctionView, upper: Reading, lower: Reading) -> bool {
    let f = view.function;
    let lower_end = literal(context.module, f, lower.limit);
    let at_zero = match lower_end {
        Some(v) if lower.strict => v == -1.0,
        Some(v) => v == 0.0,
        None => false,
    };
    let signed = matches!(
        *view.info[upper.x].ty.inner_with(&context.module.types),
        TypeInner::Scalar(Scalar {
            kind: ScalarKind::Sint,
            width: 4
        })
    );
    // The rewrite evaluates the limit where `&&` skipped it (for a negative value): it must
    // read nothing at a dynamic index (`counts[x]` would read out of bounds).
    let limit_ok = match literal(context.module, f, upper.limit) {
        Some(v) => v >= 0.0,
        None => {
            nonnegative(context.module, f, view.info, view.locals(), upper.limit)
                && !subtree(f, upper.limit)
                    .into_iter()
                    .any(|h| matches!(f.expressions[h], Expression::Access { .. }))
        }
    };
    at_zero && signed && limit_ok && same_value(context.module, view, upper.x, lower.x)
}

fn violation(
    context: &Context,
    view: &FunctionView,
    conjunction: Handle<Expression>,
    upper: Reading,
    upper_first: bool,
) -> Violation {
    let f = view.function;
    // naga's GLSL reader starts the span of `v.y` or `a[3]` at `.y` / `[3]`.
    let raw = f.expressions.get_span(conjunction);
    let start = raw
        .to_range()
        .map(|r| context.chain_start(r.start))
        .unwrap_or(0);
    let span = enclosing_parens(
        context,
        Span::new(start as u32, raw.to_range().map_or(0, |r| r.end) as u32),
    );
    let text = context.naga_text(span);
    let shown = text
        .filter(|t| t.len() <= 60 && !t.contains('\n'))
        .map(|t| format!("`{t}`"))
        .unwrap_or_else(|| "a two-sided range test".into());
    let lte = if upper.strict { "<" } else { "<=" };
    let cast = if context.compilation.parsed.kind == InputKind::Wgsl {
        "u32"
    } else {
        "uint"
    };
    let fix = text
        .and_then(|t| rewrite_text(t, upper_first, upper.strict, cast))
        .and_then(|replacement| {
            let loc = context.verbatim(span)?;
            Some(Fix {
                applicability: Applicability::Safe,
                message: format!("test once, unsigned: `{replacement}`"),
                edits: vec![Edit { loc, replacement }],
                measured: vec![],
            })
        });
    let limit = literal(context.module, f, upper.limit)
        .map(|v| format!("{v}"))
        .unwrap_or_else(|| "the limit".into());
    Violation::new(
        format!(
            "{shown} tests a signed value against both ends of a range: one unsigned comparison \
             does both"
        ),
        context.loc(span),
    )
    .note(format!(
        "a negative `int` converts to a `uint` of at least 2³¹, above {limit}, so \
         `{cast}(x) {lte} {cast}(n)` is false exactly when one of the two tests is"
    ))
    .note(
        "measured (RADV vega10/gfx1100, `prism rule ARI006`): a palette lookup behind \
         `i >= 0 && i < 64` took optimized SPIR-V 11 → 10 and ISA 24 → 22 / 25 → 23 \
         instructions, and 33 → 22 / 32 → 23 when the access inside is checked with \
         read-zero-skip-write",
    )
    .with_fix(fix)
}

/// The span widened over the parentheses around it while its text does not balance.
fn enclosing_parens(context: &Context, span: Span) -> Span {
    let (Some(all), Some(range)) = (context.naga_source(), span.to_range()) else {
        return span;
    };
    let range = spans::enclosing_parentheses(all, range);
    Span::new(range.start as u32, range.end as u32)
}

/// The unsigned test for the `&&` expression's text, read from the text itself: the halves
/// around its one top-level `&&`, each `A op B` with one top-level comparison. `None` when
/// the text is not that shape (parentheses that open outside the span, nested `&&`).
fn rewrite_text(text: &str, upper_first: bool, strict: bool, cast: &str) -> Option<String> {
    // Comments could hide or fake an operator; WGSL templates (`bitcast<i32>`) look like
    // comparisons to this reader.
    if text.contains("/*") || text.contains("//") {
        return None;
    }
    let halves = split_top_level(text, "&&")?;
    let [first, second] = halves.as_slice() else {
        return None;
    };
    let upper = if upper_first { first } else { second };
    let (left, op, right) = comparison_text(upper)?;
    // `x < n` / `x <= n` name x first; `n > x` / `n >= x` name it second.
    let (x, n) = match op {
        "<" | "<=" => (left, right),
        _ => (right, left),
    };
    if (op.len() == 1) != strict {
        return None;
    }
    if [x, n].iter().any(|t| t.contains(['<', '>'])) {
        return None;
    }
    // `n > x` becomes `x < n`.
    let op = if strict { "<" } else { "<=" };
    let digits = n.trim_end_matches('i');
    let n = if !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()) {
        format!("{digits}u")
    } else {
        format!("{cast}({n})")
    };
    Some(format!("{cast}({x}) {op} {n}"))
}

/// `A op B` for one top-level `<`, `<=`, `>` or `>=` (outer parentheses dropped).
fn comparison_text(text: &str) -> Option<(&str, &'static str, &str)> {
    let text = strip_parens(text.trim());
    for op in ["<=", ">=", "<", ">"] {
        let parts = split_top_level(text, op)?;
        if let [a, b] = parts.as_slice() {
            if !a.ends_with(['<', '>']) && !b.starts_with(['<', '>', '=']) {
                let (a, b) = (strip_parens(a.trim()), strip_parens(b.trim()));
                if !a.is_empty() && !b.is_empty() {
                    return Some((a, op, b));
                }
            }
        }
    }
    None
}

/// Whether every parenthesis and bracket in `text` closes one opened before it in `text`.
fn balanced(text: &str) -> bool {
    split_top_level(text, "&&").is_some()
}

/// `text` split at `sep` where no parenthesis or bracket is open; `None` when they do not
/// balance.
fn split_top_level<'t>(text: &'t str, sep: &str) -> Option<Vec<&'t str>> {
    let mut parts = Vec::new();
    let mut depth = 0i32;
    let mut start = 0;
    let mut i = 0;
    let bytes = text.as_bytes();
    while i < bytes.len() {
        match bytes[i] {
            b'(' | b'[' => depth += 1,
            b')' | b']' => {
                depth -= 1;
                if depth < 0 {
                    return None;
                }
            }
            _ if depth == 0 && text[i..].starts_with(sep) => {
                parts.push(&text[start..i]);
                i += sep.len();
                start = i;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    (depth == 0).then(|| {
        parts.push(&text[start..]);
        parts
    })
}

/// `(A)` → `A` when the parentheses enclose the whole text.
fn strip_parens(text: &str) -> &str {
    let mut text = text;
    while let Some(inner) = text.strip_prefix('(').and_then(|t| t.strip_suffix(')')) {
        if !balanced(inner) {
            break;
        }
        text = inner.trim();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rewrite_names_the_value_first() {
        for (text, upper_first, strict, want) in [
            ("i >= 0 && i < 64", false, true, "uint(i) < 64u"),
            ("64 > i && i > -1", true, true, "uint(i) < 64u"),
            (
                "(0 <= a[k]) && (a[k] <= n - 1)",
                false,
                false,
                "uint(a[k]) <= uint(n - 1)",
            ),
        ] {
            assert_eq!(
                rewrite_text(text, upper_first, strict, "uint").as_deref(),
                Some(want)
            );
        }
    }

    #[test]
    fn comparisons_are_read_at_the_top_level_only() {
        assert_eq!(comparison_text("i < 64"), Some(("i", "<", "64")));
        assert_eq!(comparison_text("(64 >= a[j])"), Some(("64", ">=", "a[j]")));
        assert_eq!(
            comparison_text("f(a < b) < n"),
            Some(("f(a < b)", "<", "n"))
        );
        // A shift is not a comparison.
        assert_eq!(comparison_text("i << 2"), None);
        assert_eq!(split_top_level("(a) && (b)", "&&").unwrap().len(), 2);
        assert_eq!(split_top_level("a) && (b", "&&"), None);
        assert_eq!(strip_parens("(a) + (b)"), "(a) + (b)");
        assert_eq!(strip_parens("((a + b))"), "a + b");
    }
}
