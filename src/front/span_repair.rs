//! naga's spans, repaired: the text a reader calls an expression, from the span naga's reader
//! recorded for it.
//!
//! In: a naga expression arena (for [`expression_span`], [`written_span`]) or a text and byte
//! offsets into it (everything else). Out: spans and byte ranges. The text functions work on
//! any text: the text naga read (offsets are naga spans; what a fix edits) or the user's file
//! (offsets of a span already mapped back through the [`SpanMap`](super::SpanMap); what a
//! finding shows). `annotate` and `lint` both repair spans here, so a cost and a finding on
//! one expression land on the same text.
//!
//! What naga's readers record (naga 30), and the repair:
//! - GLSL gives builtin calls (`sqrt`, `clamp`, `texture`, casts such as `float(i)`) no span:
//!   [`expression_span`] covers their operands instead, and [`widen_expression`] /
//!   [`call_around`] put `name(…)` back around those operands in the text.
//! - GLSL gives a swizzle or member access (`p.x`) the span of `.x` and an index (`a[i]`) the
//!   span of `[i]`: [`chain_start`] walks back to the variable, [`name_before`] to an array's
//!   name.
//! - GLSL ends the span of `a / (b - c)` before the last `)`, and starts `(a) && (b)` inside
//!   the first parenthesis: [`widen_expression`] closes it, [`enclosing_parentheses`] takes
//!   the parentheses around it.
//! - GLSL gives an implicit splat (`v * 2.0` of a vector) the span of the whole binary
//!   expression: [`written_span`] takes the splatted value's.
//! - WGSL spans only a callee's name (`pow` of `pow(x, 4.0)`): [`widen_expression`] takes
//!   the argument list too.
//!
//! The traps: a span that went through a macro expansion or a dialect rewrite maps back to
//! text that is not what naga read; the scanners never look past a `;`, `{` or `}`, so a
//! repair that does not fit leaves the span as it was rather than swallowing a statement.

use std::ops::Range;

use naga::{Arena, Expression, Handle, Span};

/// How many levels of operands an expression without a span borrows its span from.
const OPERAND_DEPTH: u32 = 4;

/// An expression's span, or when naga gave it none (its GLSL reader leaves builtin calls
/// such as `sqrt`, `clamp`, `abs` without one) the span covering its operands' spans: the
/// call is on the line of its arguments.
pub fn expression_span(expressions: &Arena<Expression>, handle: Handle<Expression>) -> Span {
    covering_span(expressions, handle, OPERAND_DEPTH)
}

fn covering_span(expressions: &Arena<Expression>, handle: Handle<Expression>, depth: u32) -> Span {
    let span = expressions.get_span(handle);
    if span.is_defined() || depth == 0 {
        return span;
    }
    let mut covered = Span::UNDEFINED;
    let mut cover = |operand: Handle<Expression>| {
        let operand_span = covering_span(expressions, operand, depth - 1);
        if operand_span.is_defined() {
            covered = if covered.is_defined() {
                covered.until(&operand_span)
            } else {
                operand_span
            };
        }
    };
    match expressions[handle] {
        Expression::Math {
            arg,
            arg1,
            arg2,
            arg3,
            ..
        } => {
            cover(arg);
            [arg1, arg2, arg3].into_iter().flatten().for_each(cover);
        }
        Expression::Relational { argument, .. } => cover(argument),
        Expression::Unary { expr, .. }
        | Expression::As { expr, .. }
        | Expression::Derivative { expr, .. }
        | Expression::Splat { value: expr, .. } => cover(expr),
        Expression::Swizzle { vector, .. } => cover(vector),
        Expression::Binary { left, right, .. } => {
            cover(left);
            cover(right);
        }
        Expression::Select {
            condition,
            accept,
            reject,
        } => {
            cover(condition);
            cover(accept);
            cover(reject);
        }
        Expression::Access { base, index } => {
            cover(base);
            cover(index);
        }
        Expression::AccessIndex { base, .. } => cover(base),
        Expression::Load { pointer } => cover(pointer),
        Expression::Compose { ref components, .. } => components.iter().copied().for_each(cover),
        Expression::ImageSample { coordinate, .. } => cover(coordinate),
        Expression::ImageLoad { coordinate, .. } => cover(coordinate),
        _ => {}
    }
    covered
}

/// The span naga recorded for an expression as written: a `Splat`'s value's span where it
/// has one (naga's GLSL reader gives an implicit splat the span of the whole binary
/// expression).
pub fn written_span(expressions: &Arena<Expression>, handle: Handle<Expression>) -> Span {
    match expressions[handle] {
        Expression::Splat { value, .. } if expressions.get_span(value).is_defined() => {
            expressions.get_span(value)
        }
        _ => expressions.get_span(handle),
    }
}

fn is_identifier(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'_'
}

/// The offset of the `)` closing the parenthesis opened at `open`, unless a `;`, `{` or `}`
/// comes first.
fn closing_parenthesis(bytes: &[u8], open: usize) -> Option<usize> {
    let mut depth = 0i32;
    for (i, &b) in bytes.iter().enumerate().skip(open) {
        match b {
            b'(' => depth += 1,
            b')' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            b';' | b'{' | b'}' => return None,
            _ => {}
        }
    }
    None
}

/// An expression's range in `text`, widened to what a reader calls the expression: a builtin
/// call (`spanless`: naga gave the expression no span of its own, so `range` covers its
/// arguments) to `name(…)`, a callee name (naga's WGSL span of `pow(x, 4.0)` is `pow`) to the
/// whole call, a `)` the range leaves open closed, and a leading `.xy` back to its variable.
pub fn widen_expression(text: &str, range: Range<usize>, spanless: bool) -> Range<usize> {
    let range = if spanless {
        call_around_arguments(text, range)
    } else {
        range
    };
    let range = close_parentheses(text, call_arguments(text, range));
    let start = chain_start(text, range.start, Chain::Variable);
    start..range.end
}

/// `range` widened to the builtin call around it: when the text right before `range` is
/// `name(` and the parenthesis closes at or after its end, the call `name(…)`.
fn call_around_arguments(text: &str, range: Range<usize>) -> Range<usize> {
    let bytes = text.as_bytes();
    let Range { start, end } = range;
    if end > bytes.len() || start > end {
        return range;
    }
    let mut open = start;
    while open > 0 && bytes[open - 1].is_ascii_whitespace() {
        open -= 1;
    }
    if open == 0 || bytes[open - 1] != b'(' {
        return range;
    }
    open -= 1;
    let mut name_start = open;
    while name_start > 0 && is_identifier(bytes[name_start - 1]) {
        name_start -= 1;
    }
    if name_start == open {
        return range;
    }
    match closing_parenthesis(bytes, open) {
        Some(close) if close >= end => name_start..close + 1,
        _ => range,
    }
}

/// `range` extended over the argument list when it covers only a callee's name.
fn call_arguments(text: &str, range: Range<usize>) -> Range<usize> {
    let Some(inner) = text.get(range.clone()) else {
        return range;
    };
    if inner.is_empty() || !inner.bytes().all(is_identifier) {
        return range;
    }
    let bytes = text.as_bytes();
    if bytes.get(range.end) != Some(&b'(') {
        return range;
    }
    match closing_parenthesis(bytes, range.end) {
        Some(close) => range.start..close + 1,
        None => range,
    }
}

/// `range` extended over the `)`s its text leaves open, across blanks.
fn close_parentheses(text: &str, range: Range<usize>) -> Range<usize> {
    let Some(inner) = text.get(range.clone()) else {
        return range;
    };
    let mut open = inner.matches('(').count() as i64 - inner.matches(')').count() as i64;
    let bytes = text.as_bytes();
    let mut end = range.end;
    while open > 0 && end < bytes.len() {
        match bytes[end] {
            b')' => open -= 1,
            b' ' | b'\t' => {}
            _ => return range,
        }
        end += 1;
    }
    if open == 0 {
        range.start..end
    } else {
        range
    }
}

/// How far back [`chain_start`] walks from a leading `.` or `[`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Chain {
    /// From a leading `.` to the identifier right before it (`v` of `v.xy`): where a finding
    /// is shown.
    Variable,
    /// From a leading `.` or `[` over identifiers, dots and balanced `[…]` (`a.b[i]` of
    /// `a.b[i].xy`): the whole operand an edit rewrites.
    Whole,
}

/// Where the expression whose span starts at `start` really starts: naga's GLSL reader gives
/// a swizzle or member access (`p.x`) the span of `.x` only, and an index (`a[i]`) the span
/// of `[i]`. `start` itself when the text there does not start that way.
pub fn chain_start(text: &str, start: usize, chain: Chain) -> usize {
    let bytes = text.as_bytes();
    let leading = match chain {
        Chain::Variable => bytes.get(start) == Some(&b'.'),
        Chain::Whole => text.get(start..).is_some_and(|t| t.starts_with(['.', '['])),
    };
    if !leading {
        return start;
    }
    let mut at = start;
    while at > 0 {
        let c = bytes[at - 1];
        if is_identifier(c) || (chain == Chain::Whole && c == b'.') {
            at -= 1;
        } else if chain == Chain::Whole && c == b']' {
            match opening_bracket(bytes, at - 1, b'[', b']') {
                Some(open) => at = open,
                None => return start,
            }
        } else if c == b')' {
            // `vec2(u, u).x`, `(a + b).x`: the call or parenthesized group the member is of.
            match opening_bracket(bytes, at - 1, b'(', b')') {
                Some(open) => at = open,
                None => return start,
            }
        } else {
            break;
        }
    }
    at
}

/// The offset of the `open` bracket that the `shut` one at `close` closes, unless a `;`,
/// `{` or `}` comes first.
fn opening_bracket(bytes: &[u8], close: usize, open: u8, shut: u8) -> Option<usize> {
    let mut depth = 0usize;
    for i in (0..=close).rev() {
        match bytes[i] {
            b';' | b'{' | b'}' => return None,
            b if b == shut => depth += 1,
            b if b == open => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

/// Where an index's array name starts when `name` is written right before the `[` at
/// `start` (naga's span of `uBones[i]` is `[i]`).
pub fn name_before(text: &str, start: usize, name: &str) -> Option<usize> {
    let name_start = start.checked_sub(name.len())?;
    if name_start == start && start == 0 {
        return None; // an empty range at 0 is naga's "no span"
    }
    if text.get(name_start..start) != Some(name) {
        return None;
    }
    let boundary = name_start
        .checked_sub(1)
        .and_then(|p| text.get(p..p + 1))
        .is_none_or(|c| !c.chars().all(|c| c.is_alphanumeric() || c == '_'));
    boundary.then_some(name_start)
}

/// A builtin call found around its last argument: byte offsets of its name, its `(` and its
/// `)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Call {
    pub name: usize,
    pub open: usize,
    pub close: usize,
}

/// The call `name(…)` whose last argument ends where `argument` ends (its only argument
/// unless `several`), found by matching parentheses backwards from the `)` that follows the
/// argument. For fix edits, on the text naga read.
pub fn call_around(text: &str, name: &str, argument: Range<usize>, several: bool) -> Option<Call> {
    let after = text.get(argument.end..)?;
    let close = argument.end + (after.len() - after.trim_start().len());
    if !text[close..].starts_with(')') {
        return None;
    }
    let mut depth = 0usize;
    let mut open = None;
    for (i, c) in text[..close].char_indices().rev() {
        match c {
            ')' => depth += 1,
            '(' if depth == 0 => {
                open = Some(i);
                break;
            }
            '(' => depth -= 1,
            ',' if depth == 0 && several => {}
            ',' | ';' | '{' | '}' if depth == 0 => return None,
            _ => {}
        }
    }
    let open = open?;
    if open >= argument.start {
        return None;
    }
    let callee = text[..open].trim_end().strip_suffix(name)?;
    if callee.ends_with(|c: char| c.is_alphanumeric() || c == '_' || c == '.') {
        return None;
    }
    Some(Call {
        name: callee.len(),
        open,
        close,
    })
}

/// Whether every parenthesis and bracket in `text` closes one opened before it in `text`.
pub fn balanced(text: &str) -> bool {
    let mut depth = 0i32;
    for b in text.bytes() {
        match b {
            b'(' | b'[' => depth += 1,
            b')' | b']' => {
                depth -= 1;
                if depth < 0 {
                    return false;
                }
            }
            _ => {}
        }
    }
    depth == 0
}

/// `range` widened over the parentheses around it while its text does not balance (naga's
/// span of `(a) && (b)` runs from inside the first parenthesis to inside the last).
pub fn enclosing_parentheses(text: &str, mut range: Range<usize>) -> Range<usize> {
    while text.get(range.clone()).is_some_and(|t| !balanced(t)) {
        let before = text[..range.start].trim_end();
        let after = text[range.end..].trim_start();
        if !(before.ends_with('(') && after.starts_with(')')) {
            break;
        }
        range = before.len() - 1..text.len() - after.len() + 1;
    }
    range
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find(text: &str, part: &str) -> Range<usize> {
        let start = text.find(part).unwrap();
        start..start + part.len()
    }

    #[test]
    fn a_builtin_call_is_put_back_around_its_arguments() {
        let text = "float l = normalize(vViewTS).z;";
        let range = widen_expression(text, find(text, "vViewTS"), true);
        assert_eq!(&text[range], "normalize(vViewTS)");
        // With a span of its own, the expression is what it says.
        assert_eq!(
            widen_expression(text, find(text, "vViewTS"), false),
            find(text, "vViewTS")
        );
    }

    #[test]
    fn a_callee_name_takes_its_arguments_and_an_open_parenthesis_closes() {
        let text = "let p = pow(x, 4.0);";
        assert_eq!(
            &text[widen_expression(text, find(text, "pow"), false)],
            "pow(x, 4.0)"
        );
        let text = "float q = a / (b - c );";
        assert_eq!(
            &text[widen_expression(text, find(text, "a / (b - c"), false)],
            "a / (b - c )"
        );
    }

    #[test]
    fn member_chains_walk_back_as_far_as_asked() {
        let text = "x = a.b[i].xy / 2;";
        let dot = text.find(".xy").unwrap();
        assert_eq!(&text[chain_start(text, dot, Chain::Whole)..dot], "a.b[i]");
        assert_eq!(chain_start(text, dot, Chain::Variable), dot);
        let dot = text.find(".b").unwrap();
        assert_eq!(&text[chain_start(text, dot, Chain::Variable)..dot], "a");
        assert_eq!(
            name_before(text, text.find("[i]").unwrap(), "b"),
            text.find("b[")
        );
        assert_eq!(name_before(text, text.find("[i]").unwrap(), "c"), None);
    }

    #[test]
    fn calls_are_found_from_their_last_argument() {
        let text = "int k = int(floor(v.x)) + pow(m, 5.0);";
        let call = call_around(text, "floor", find(text, ".x"), false).unwrap();
        assert_eq!(&text[call.name..call.close + 1], "floor(v.x)");
        assert_eq!(call_around(text, "pow", find(text, "5.0"), false), None);
        let call = call_around(text, "pow", find(text, "5.0"), true).unwrap();
        assert_eq!(&text[call.name..=call.close], "pow(m, 5.0)");
    }

    #[test]
    fn parentheses_around_an_unbalanced_range_are_taken() {
        let text = "if ((i >= 0) && (i < 64)) {";
        let range = enclosing_parentheses(text, find(text, "i >= 0) && (i < 64"));
        assert_eq!(&text[range], "(i >= 0) && (i < 64)");
        assert!(balanced("f(a[1])") && !balanced("a) && (b"));
    }
}
