//! `%` between an integer vector and an integer scalar (`v % 3u`, `3u % v`, `v %= n`): GLSL
//! applies the scalar to every component, as it does for `+` or `*`; naga's GLSL reader makes
//! the other operators' scalar a vector but not `%`'s, and its validator then refuses the
//! `Modulo` ("can't work with ... Vector ... and ... Scalar"). The scalar side becomes the
//! vector constructor of it (`v % uvec2(3u)`), which means the same.
//!
//! Operands are read as the postfix expressions next to the operator (a name, literal, call
//! or parenthesized group with its `.member` / `[index]` suffixes, after unary `-`/`+`/`~`)
//! and typed with [`exprs::type_of`]. That is safe: `%` binds as tightly as `*` and `/`,
//! whose results keep a vector a vector, so when the postfix expression next to `%` is a
//! vector its whole operand is one too. Where either side is not certain nothing changes.
//! For `%=` the right side is everything up to the end of the expression.

use std::ops::Range;

use super::exprs;
use super::tokens::{self, gen, Edit};
use super::types::Types;
use crate::front::glsl::preprocess::{Token, TokenKind};

/// The rewrite of the module docs.
pub(super) fn splat_modulo_scalars(tokens: Vec<Token>) -> Vec<Token> {
    if !tokens.iter().any(|t| t.is_punct("%") || t.is_punct("%=")) {
        return tokens;
    }
    let types = Types::of(&tokens);
    let mut edits = Vec::new();
    for (k, t) in tokens.iter().enumerate() {
        let compound = t.is_punct("%=");
        if !(t.is_punct("%") || compound) {
            continue;
        }
        let (Some(left), Some(right)) = (
            operand_before(&tokens, k),
            if compound {
                expression_after(&tokens, k + 1)
            } else {
                operand_after(&tokens, k + 1)
            },
        ) else {
            continue;
        };
        let ty = |range: &Range<usize>| {
            exprs::type_of(&types, &tokens, range.clone())
                .filter(|d| !d.array)
                .map(|d| d.ty)
        };
        let (Some(lt), Some(rt)) = (ty(&left), ty(&right)) else {
            continue;
        };
        let wrap = match (vector_of(&lt), vector_of(&rt)) {
            (Some(vector), None) if is_int_scalar(&rt) => Some((right, vector)),
            (None, Some(vector)) if is_int_scalar(&lt) && !compound => Some((left, vector)),
            _ => None,
        };
        if let Some((range, vector)) = wrap {
            let loc = tokens[range.start].loc;
            edits.push(Edit::insert(range.start, gen(&format!("{vector} ("), loc)));
            edits.push(Edit::insert(range.end, gen(")", loc)));
        }
    }
    tokens::apply(tokens, edits)
}

/// The integer vector type `ty` names, if it does.
fn vector_of(ty: &str) -> Option<&str> {
    let is_vector = ["ivec", "uvec"].iter().any(|p| {
        ty.strip_prefix(p)
            .is_some_and(|n| matches!(n, "2" | "3" | "4"))
    });
    is_vector.then_some(ty)
}

fn is_int_scalar(ty: &str) -> bool {
    matches!(ty, "int" | "uint")
}

/// The postfix expression ending right before `op` (see the module docs).
fn operand_before(tokens: &[Token], op: usize) -> Option<Range<usize>> {
    let end = op;
    let mut j = op;
    loop {
        let last = tokens.get(j.checked_sub(1)?)?;
        if last.is_punct(")") || last.is_punct("]") {
            j = super::items::matching_open(tokens, j - 1, 0)?;
            // A call's name, or the value an index applies to.
            continue;
        }
        if matches!(
            last.kind,
            TokenKind::Ident | TokenKind::Int | TokenKind::Float
        ) {
            j -= 1;
            if j > 0 && tokens[j - 1].is_punct(".") {
                j -= 1;
                continue;
            }
            break;
        }
        if last.is_punct(".") {
            j -= 1;
            continue;
        }
        break;
    }
    // `a[i]` / `f(x)`: the group just found may follow a name or another group.
    (j < end).then_some(j..end)
}

/// The postfix expression starting at `start`, after unary operators (see the module docs).
fn operand_after(tokens: &[Token], start: usize) -> Option<Range<usize>> {
    let mut i = start;
    while tokens
        .get(i)
        .is_some_and(|t| t.is_punct("-") || t.is_punct("+") || t.is_punct("~"))
    {
        i += 1;
    }
    let first = tokens.get(i)?;
    i = if first.is_punct("(") {
        super::items::matching_close(tokens, i, tokens.len())? + 1
    } else if matches!(
        first.kind,
        TokenKind::Ident | TokenKind::Int | TokenKind::Float
    ) {
        i + 1
    } else {
        return None;
    };
    loop {
        match tokens.get(i) {
            Some(t) if t.is_punct("(") || t.is_punct("[") => {
                i = super::items::matching_close(tokens, i, tokens.len())? + 1;
            }
            Some(t) if t.is_punct(".") && tokens.get(i + 1)?.kind == TokenKind::Ident => i += 2,
            _ => return Some(start..i),
        }
    }
}

/// Everything from `start` to the `;`, `,` or unmatched `)` that ends the expression.
fn expression_after(tokens: &[Token], start: usize) -> Option<Range<usize>> {
    let mut depth = 0usize;
    for (i, t) in tokens.iter().enumerate().skip(start) {
        if t.is_punct("(") || t.is_punct("[") || t.is_punct("{") {
            depth += 1;
        } else if t.is_punct(")") || t.is_punct("]") || t.is_punct("}") {
            if depth == 0 {
                return (i > start).then_some(start..i);
            }
            depth -= 1;
        } else if depth == 0 && (t.is_punct(";") || t.is_punct(",")) {
            return (i > start).then_some(start..i);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::front::glsl::preprocess::{preprocess, PreprocessOptions};
    use crate::source::{SourceFile, SourceFiles};

    fn rewrite(src: &str) -> String {
        let mut files = SourceFiles::new();
        let root = files.add(SourceFile::new("t.frag", None, src));
        let Ok(pre) = preprocess(&mut files, root, &PreprocessOptions::default()) else {
            panic!("preprocess failed");
        };
        splat_modulo_scalars(pre.tokens)
            .iter()
            .map(|t| t.text.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn the_scalar_side_of_an_integer_vector_modulo_becomes_a_vector() {
        let src = "void main() { uvec2 a = uvec2(7u); uint n = 3u; ivec3 b = ivec3(5);\n\
                   uvec2 x = a % 3u; uvec2 y = n % a; ivec3 z = b % (1 + 1); a %= n + 1u;\n\
                   uint s = a.x % n; ivec3 w = b % ivec3(2); }";
        let out = rewrite(src);
        assert!(out.contains("a % uvec2 ( 3u )"), "{out}");
        assert!(out.contains("uvec2 ( n ) % a"), "{out}");
        assert!(out.contains("b % ivec3 ( ( 1 + 1 ) )"), "{out}");
        assert!(out.contains("a %= uvec2 ( n + 1u )"), "{out}");
        // Scalar % scalar and vector % vector stay as they are.
        assert!(out.contains("a . x % n ;"), "{out}");
        assert!(out.contains("b % ivec3 ( 2 ) ;"), "{out}");
    }
}
