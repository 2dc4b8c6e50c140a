//! Widening naga's spans to what a reader calls the expression. naga's GLSL reader gives
//! builtin calls no span, `p.x` the span of `.x`, and `a / (b - c)` a span that stops before
//! the last `)`; its WGSL reader spans only a callee's name. These functions work on the
//! user's text, after the span has been mapped back through the dialect layer.

use naga::{Expression, Function, Handle};

use crate::lint::Context;
use crate::source::Loc;

/// `loc` widened to the builtin call around it: naga's GLSL reader gives builtin calls no
/// span, so their location is their arguments' (`vViewTS` for `normalize(vViewTS)`). When
/// the user's text right before `loc` is `name(` and the text right after closes that
/// parenthesis, the location becomes `name(…)`.
fn widen_call(context: &Context, loc: Loc) -> Loc {
    let text = &context.compilation.files.get(loc.file).text;
    let bytes = text.as_bytes();
    let (start, end) = (loc.start as usize, loc.end as usize);
    if end > bytes.len() || start > end {
        return loc;
    }
    let mut open = start;
    while open > 0 && bytes[open - 1].is_ascii_whitespace() {
        open -= 1;
    }
    if open == 0 || bytes[open - 1] != b'(' {
        return loc;
    }
    open -= 1;
    let mut name_start = open;
    while name_start > 0
        && (bytes[name_start - 1].is_ascii_alphanumeric() || bytes[name_start - 1] == b'_')
    {
        name_start -= 1;
    }
    if name_start == open {
        return loc;
    }
    // The parenthesis opened at `open` must close after `end`, with the text in between
    // balanced.
    let mut depth = 0i32;
    for (i, &b) in bytes.iter().enumerate().skip(open) {
        match b {
            b'(' => depth += 1,
            b')' => {
                depth -= 1;
                if depth == 0 {
                    return if i >= end {
                        Loc::new(loc.file, name_start..i + 1)
                    } else {
                        loc
                    };
                }
            }
            b';' | b'{' | b'}' => return loc,
            _ => {}
        }
    }
    loc
}

/// An expression's location, widened to the text a reader calls the expression: a builtin
/// call (naga's GLSL reader gives it no span, so it arrives as its arguments' location) to
/// `name(…)`, a callee name (naga's WGSL span of `pow(x, 4.0)` is `pow`) to the whole call, a
/// leading `.xy` back to its variable, and a `)` the span leaves open closed.
pub(super) fn widen(
    context: &Context,
    function: &Function,
    handle: Handle<Expression>,
    loc: Loc,
) -> Loc {
    let loc = if function.expressions.get_span(handle).is_defined() {
        loc
    } else {
        widen_call(context, loc)
    };
    member_base(
        context,
        close_parentheses(context, call_arguments(context, loc)),
    )
}

/// `loc` extended back over the variable a leading swizzle or member belongs to (naga's
/// GLSL span of `v.xy / v.z` starts at `.xy`).
fn member_base(context: &Context, loc: Loc) -> Loc {
    let text = &context.compilation.files.get(loc.file).text;
    let bytes = text.as_bytes();
    let mut start = loc.start as usize;
    if bytes.get(start) != Some(&b'.') {
        return loc;
    }
    while start > 0 && (bytes[start - 1].is_ascii_alphanumeric() || bytes[start - 1] == b'_') {
        start -= 1;
    }
    Loc::new(loc.file, start..loc.end as usize)
}

/// `loc` extended over the argument list when it covers only a callee's name (naga's WGSL
/// span of `pow(x, 4.0)` is `pow`).
fn call_arguments(context: &Context, loc: Loc) -> Loc {
    let text = &context.compilation.files.get(loc.file).text;
    let Some(inner) = text.get(loc.range()) else {
        return loc;
    };
    if inner.is_empty()
        || !inner
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_')
    {
        return loc;
    }
    let bytes = text.as_bytes();
    if bytes.get(loc.end as usize) != Some(&b'(') {
        return loc;
    }
    let mut depth = 0i32;
    for (i, &b) in bytes.iter().enumerate().skip(loc.end as usize) {
        match b {
            b'(' => depth += 1,
            b')' => {
                depth -= 1;
                if depth == 0 {
                    return Loc::new(loc.file, loc.start as usize..i + 1);
                }
            }
            b';' | b'{' | b'}' => return loc,
            _ => {}
        }
    }
    loc
}

/// `loc` extended over the `)` its text leaves open (naga's span of `a / (b - c)` ends
/// before the last parenthesis).
fn close_parentheses(context: &Context, loc: Loc) -> Loc {
    let text = &context.compilation.files.get(loc.file).text;
    let Some(inner) = text.get(loc.range()) else {
        return loc;
    };
    let mut open = inner.matches('(').count() as i64 - inner.matches(')').count() as i64;
    let bytes = text.as_bytes();
    let mut end = loc.end as usize;
    while open > 0 && end < bytes.len() {
        match bytes[end] {
            b')' => open -= 1,
            b' ' | b'\t' => {}
            _ => return loc,
        }
        end += 1;
    }
    if open == 0 {
        Loc::new(loc.file, loc.start as usize..end)
    } else {
        loc
    }
}
