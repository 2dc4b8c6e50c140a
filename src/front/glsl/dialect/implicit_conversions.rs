//! The implicit conversions of desktop and Vulkan GLSL that naga's reader does not make.
//!
//! GLSL 1.20+ converts `int` to `float`, 1.30+ `uint` to `float`, 4.00+ `int` to `uint` and
//! every integer or `float` to `double` (GLSL 4.60 §4.1.10); GLSL ES converts nothing
//! (`super::conversions` reports what a WebGL shader relies on). naga's reader converts
//! the operands of operators, initializers, assignments, the branches of `?:` and the
//! arguments of a function with one viable overload, but not:
//!
//! - `return` values: `uint bin(float v) { if (v < 0.0) return 0; ... }` fails naga's
//!   validation ("the `return` expression does not match the declared return type"). The
//!   value becomes `0u`, or `uint(...)` / `float(...)` / `uvec2(...)`;
//! - built-in arguments that mix `int` and `uint`: `min(count, 256)`, `clamp(u, 0, 15)`,
//!   `max(v, 1)` with a `uvec2 v`, `lessThan(uv, iv)`. GLSL picks the `uint` overload (an
//!   exact match for the `uint` argument, and `int` → `uint` is no worse than `int` →
//!   `float`); naga's overload resolution ranks the `float` overload as good and reports
//!   "Ambiguous best function". The `int` arguments become `uint` (`256u`, `uint(i)`,
//!   `uvec2(iv)`). A call mixing in a `float` is left to naga, which picks `float` as GLSL does.
//!
//! - `case` labels: `case 1u:` in a `switch` on an `int` ("cases with conflicting types").
//!
//! Types come from [`exprs::type_of`]; where one is not certain nothing changes (naga's
//! error stays, never a wrong conversion). Only conversions the dialect has are made.

use std::ops::Range;

use super::exprs;
use super::items::{self, ItemKind};
use super::result_types::{Kind, Shape};
use super::tokens::{self, gen, renamed, Edit};
use super::types::Types;
use super::version::Dialect;
use crate::front::glsl::preprocess::{Token, TokenKind};

/// Built-ins with `int` and `uint` overloads naga cannot pick between, and the argument
/// positions that share the overload's kind.
const SHARED_KIND: &[(&str, &[usize])] = &[
    ("min", &[0, 1]),
    ("max", &[0, 1]),
    ("clamp", &[0, 1, 2]),
    ("lessThan", &[0, 1]),
    ("lessThanEqual", &[0, 1]),
    ("greaterThan", &[0, 1]),
    ("greaterThanEqual", &[0, 1]),
    ("equal", &[0, 1]),
    ("notEqual", &[0, 1]),
];

/// The rewrites of the module docs, for a shader of `dialect`.
pub(super) fn convert(tokens: Vec<Token>, dialect: Dialect) -> Vec<Token> {
    if !matches!(dialect, Dialect::Desktop(120..) | Dialect::Modern(_)) {
        return tokens;
    }
    // The type table costs a pass over the shader: build it only where a rewrite may apply
    // (a `return` with a value, a built-in of `SHARED_KIND`, a `switch`).
    let may_apply = tokens.windows(2).any(|w| {
        (w[0].is_ident("return") && !w[1].is_punct(";"))
            || w[0].is_ident("switch")
            || (w[1].is_punct("(") && SHARED_KIND.iter().any(|(name, _)| w[0].is_ident(name)))
    });
    if !may_apply {
        return tokens;
    }
    let types = Types::of(&tokens);
    let mut edits = returns(&tokens, &types, dialect);
    if matches!(dialect, Dialect::Modern(_)) {
        edits.extend(builtin_arguments(&tokens, &types));
        edits.extend(case_labels(&tokens, &types));
    }
    tokens::apply(tokens, edits)
}

/// `case 1u:` in a `switch` on an `int`: GLSL 4.00+ converts the label, naga's validator
/// refuses "cases with conflicting types". A `u` literal that fits an `int` loses its suffix.
fn case_labels(tokens: &[Token], types: &Types) -> Vec<Edit> {
    let mut edits = Vec::new();
    for (i, t) in tokens.iter().enumerate() {
        if !t.is_ident("switch") || !tokens.get(i + 1).is_some_and(|n| n.is_punct("(")) {
            continue;
        }
        let Some(close) = items::matching_close(tokens, i + 1, tokens.len()) else {
            continue;
        };
        let int = shape_of(tokens, types, i + 2..close)
            .is_some_and(|s| s.kind == Kind::Int && s.size == 1);
        if !int || !tokens.get(close + 1).is_some_and(|n| n.is_punct("{")) {
            continue;
        }
        let Some(end) = items::matching_close(tokens, close + 1, tokens.len()) else {
            continue;
        };
        for k in close + 2..end {
            let label = &tokens[k];
            if !(tokens[k - 1].is_ident("case") && label.kind == TokenKind::Int) {
                continue;
            }
            let Some(digits) = label.text.strip_suffix(['u', 'U']) else {
                continue;
            };
            if items::parse_int(digits).is_some_and(|v| v <= i32::MAX as u32) {
                edits.push(Edit::replace(k..k + 1, vec![renamed(label, digits)]));
            }
        }
    }
    edits
}

/// Whether `dialect` converts a `from` value to `to` implicitly.
fn converts(from: Kind, to: Kind, dialect: Dialect) -> bool {
    match dialect {
        Dialect::Modern(_) => from < to && to != Kind::Bool,
        Dialect::Desktop(v) => {
            to == Kind::Float && (from == Kind::Int || from == Kind::Uint && v >= 130)
        }
        Dialect::Es100 | Dialect::Es3(_) => false,
    }
}

/// The certain scalar or vector type of `tokens[range]`.
fn shape_of(tokens: &[Token], types: &Types, range: Range<usize>) -> Option<Shape> {
    let declared = exprs::type_of(types, tokens, range)?;
    (!declared.array).then(|| Shape::of(&declared.ty))?
}

/// `return value;` in a function declared to return another kind of the same size.
fn returns(tokens: &[Token], types: &Types, dialect: Dialect) -> Vec<Edit> {
    let Ok(split) = items::split_items(tokens) else {
        return Vec::new();
    };
    let mut edits = Vec::new();
    for item in &split {
        let ItemKind::Function { body, .. } = &item.kind else {
            continue;
        };
        let q = items::qualifiers(tokens, item.range.clone());
        // `T name (`: an array return type (`float[2] f()`) is not converted.
        let named = tokens.get(q.type_start + 1).map(|t| t.kind) == Some(TokenKind::Ident)
            && tokens
                .get(q.type_start + 2)
                .is_some_and(|t| t.is_punct("("));
        let Some(target) = tokens
            .get(q.type_start)
            .filter(|_| named)
            .and_then(|t| Shape::of(&t.text))
        else {
            continue;
        };
        let mut k = body.start;
        while k < body.end {
            if !tokens[k].is_ident("return") {
                k += 1;
                continue;
            }
            let Some(end) = statement_end(tokens, k + 1, body.end) else {
                break;
            };
            let value = k + 1..end;
            if let Some(shape) = shape_of(tokens, types, value.clone()) {
                if shape.size == target.size
                    && shape.kind != target.kind
                    && converts(shape.kind, target.kind, dialect)
                {
                    edits.extend(conversion(tokens, value, target));
                }
            }
            k = end;
        }
    }
    edits
}

/// The `;` ending the statement whose expression starts at `from`, skipping brackets.
fn statement_end(tokens: &[Token], from: usize, end: usize) -> Option<usize> {
    let mut k = from;
    while k < end {
        let t = &tokens[k];
        if t.is_punct("(") || t.is_punct("[") || t.is_punct("{") {
            k = items::matching_close(tokens, k, end)?;
        } else if t.is_punct(";") {
            return Some(k);
        }
        k += 1;
    }
    None
}

/// Calls of [`SHARED_KIND`] built-ins whose shared arguments are `int` and `uint`: the
/// `int` ones become `uint`.
fn builtin_arguments(tokens: &[Token], types: &Types) -> Vec<Edit> {
    let user = items::user_function_names(tokens);
    let mut edits = Vec::new();
    for (k, t) in tokens.iter().enumerate() {
        let Some(&(_, shared)) = SHARED_KIND.iter().find(|(name, _)| t.is_ident(name)) else {
            continue;
        };
        let call = tokens.get(k + 1).is_some_and(|n| n.is_punct("("))
            && !user.contains(&t.text)
            && !(k > 0 && tokens[k - 1].is_punct("."));
        let Some(close) = call
            .then(|| items::matching_close(tokens, k + 1, tokens.len()))
            .flatten()
        else {
            continue;
        };
        let mut bounds = vec![k + 1];
        bounds.extend(items::top_level_commas(tokens, k + 1, close));
        bounds.push(close);
        let args: Vec<Range<usize>> = bounds.windows(2).map(|w| w[0] + 1..w[1]).collect();
        let Some(shapes) = shared
            .iter()
            .map(|&i| {
                let range = args.get(i)?.clone();
                Some((range.clone(), shape_of(tokens, types, range)?))
            })
            .collect::<Option<Vec<_>>>()
        else {
            continue;
        };
        let kinds = |kind: Kind| shapes.iter().any(|(_, s)| s.kind == kind);
        let mixed = kinds(Kind::Int)
            && kinds(Kind::Uint)
            && shapes
                .iter()
                .all(|(_, s)| matches!(s.kind, Kind::Int | Kind::Uint));
        if !mixed {
            continue;
        }
        for (range, shape) in shapes {
            if shape.kind == Kind::Int {
                edits.extend(conversion(tokens, range, shape.with(Kind::Uint)));
            }
        }
    }
    edits
}

/// The edits that make `tokens[range]` a `target`: an unsuffixed integer literal gets `u`,
/// anything else is wrapped in the constructor.
fn conversion(tokens: &[Token], range: Range<usize>, target: Shape) -> Vec<Edit> {
    let first = &tokens[range.start];
    let literal = range.len() == 1
        && first.kind == TokenKind::Int
        && !first.text.ends_with(['u', 'U'])
        && target.name() == "uint";
    if literal {
        let text = format!("{}u", first.text);
        return vec![Edit::replace(range, vec![renamed(first, &text)])];
    }
    let last = &tokens[range.end - 1];
    vec![
        Edit::insert(range.start, gen(&format!("{} (", target.name()), first.loc)),
        Edit::insert(range.end, gen(")", last.loc)),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::front::glsl::dialect::tokens::lex;

    fn converted(source: &str, dialect: Dialect) -> String {
        let out = convert(lex(source), dialect);
        let words: Vec<&str> = out.iter().map(|t| t.text.as_str()).collect();
        words.join(" ")
    }

    const RETURNS: &str = "uint bin(float v) { if (v < 0.0) return 0; return uint(v); } \
        float half(int i) { return i / 2; } \
        uvec2 pair(ivec2 p) { return p + 1; } \
        float[2] two() { return float[2](1.0, 2.0); }";

    #[test]
    fn return_values_are_converted_to_the_return_type() {
        let out = converted(RETURNS, Dialect::Modern(450));
        assert!(out.contains("return 0u ;"), "{out}");
        assert!(out.contains("return uint ( v ) ;"), "{out}");
        assert!(out.contains("return float ( i / 2 ) ;"), "{out}");
        assert!(out.contains("return uvec2 ( p + 1 ) ;"), "{out}");
        assert!(out.contains("return float [ 2 ] ( 1.0 , 2.0 ) ;"), "{out}");
    }

    #[test]
    fn older_desktop_versions_convert_only_to_float_and_es_not_at_all() {
        let out = converted(RETURNS, Dialect::Desktop(330));
        assert!(out.contains("return 0 ;"), "{out}");
        assert!(out.contains("return float ( i / 2 ) ;"), "{out}");
        let source: String = lex(RETURNS).iter().map(|t| t.text.clone() + " ").collect();
        assert_eq!(converted(RETURNS, Dialect::Es3(300)), source.trim_end());
    }

    #[test]
    fn int_arguments_of_a_uint_call_become_uint() {
        let s =
            "uniform uint n; uniform uvec2 v; uniform int i; uniform ivec2 p; uniform float f; \
                 void main() { uint a = min(n, 256); uint b = clamp(n, 0, i); uvec2 c = max(v, 1); \
                 bvec2 d = lessThan(v, p); float e = min(f, 1); uint g = min(n, 2u); }";
        let out = converted(s, Dialect::Modern(450));
        assert!(out.contains("min ( n , 256u )"), "{out}");
        assert!(out.contains("clamp ( n , 0u , uint ( i ) )"), "{out}");
        assert!(out.contains("max ( v , 1u )"), "{out}");
        assert!(out.contains("lessThan ( v , uvec2 ( p ) )"), "{out}");
        assert!(out.contains("min ( f , 1 )"), "{out}");
        assert!(out.contains("min ( n , 2u )"), "{out}");
        let older = converted(s, Dialect::Desktop(330));
        assert!(older.contains("min ( n , 256 )"), "{older}");
    }

    #[test]
    fn unknown_types_and_user_overloads_stay() {
        let s = "uniform uint n; uint min(uint a, int b) { return a; } \
                 void main() { uint a = min(n, 1); uint b = max(n, g()); }";
        let out = converted(s, Dialect::Modern(450));
        assert!(out.contains("min ( n , 1 )"), "{out}");
        assert!(out.contains("max ( n , g ( ) )"), "{out}");
    }

    #[test]
    fn uint_case_labels_of_an_int_switch_lose_their_suffix() {
        let s = "void f(int k, uint u) { switch (k) { case 1u: break; case 4000000000u: break; } \
                 switch (u) { case 2u: break; } }";
        let out = converted(s, Dialect::Modern(450));
        assert!(out.contains("case 1 :"), "{out}");
        assert!(out.contains("case 4000000000u"), "{out}");
        assert!(out.contains("case 2u"), "{out}");
    }
}
