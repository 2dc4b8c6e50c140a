//! Desktop GLSL's component forms naga's reader lacks, rewritten where the typer
//! ([`exprs::type_of`]) knows the operand's type (outside GLSL ES, which has neither):
//!
//! - `.length()` of a vector or a matrix is a constant (`v.length()` of a `vec4` is `4`, a
//!   matrix's is its column count); naga would read it as an array length and fail to
//!   validate. It becomes the integer literal (the operand has no effect GLSL keeps).
//! - swizzles of scalars (GLSL 4.20): `f.xxx` becomes `vec3(f)`, `f.x` becomes `(f)`, where
//!   `f` is any operand: a name, a member, an element, a call, a parenthesized expression.
//!
//! Each generated token carries the location of the `length` or the swizzle it stands for.

use super::exprs::{self, matrix, vector};
use super::items;
use super::tokens::{self, gen, Edit};
use super::types::Types;
use crate::front::glsl::preprocess::{Token, TokenKind};

/// The rewrites of the module docs, `.length()` first (its operand may be a scalar swizzle).
pub(super) fn rewrite_components(tokens: Vec<Token>) -> Vec<Token> {
    if !tokens.iter().any(|t| t.is_punct(".")) {
        return tokens;
    }
    let tokens = fold_lengths(tokens);
    let types = Types::of(&tokens);
    let mut edits = Vec::new();
    for k in 0..tokens.len() {
        if tokens[k].is_punct(".") {
            edits.extend(scalar_swizzle(&tokens, &types, k).into_iter().flatten());
        }
    }
    // Outer swizzles first: `f.x.xx` inserts `vec2 (` and `(` before the same token.
    edits.reverse();
    tokens::apply(tokens, edits)
}

/// `v.length()` of a vector or matrix `v`: the literal.
fn fold_lengths(tokens: Vec<Token>) -> Vec<Token> {
    let types = Types::of(&tokens);
    let mut edits = Vec::new();
    for dot in 0..tokens.len() {
        let method = tokens[dot].is_punct(".")
            && tokens.get(dot + 1).is_some_and(|t| t.is_ident("length"))
            && tokens.get(dot + 2).is_some_and(|t| t.is_punct("("))
            && tokens.get(dot + 3).is_some_and(|t| t.is_punct(")"));
        if !method {
            continue;
        }
        let Some(start) = operand_start(&tokens, dot) else {
            continue;
        };
        let Some(ty) = exprs::type_of(&types, &tokens, start..dot).filter(|t| !t.array) else {
            continue;
        };
        let len = match (vector(&ty.ty), matrix(&ty.ty)) {
            (Some((_, n)), _) => n,
            (None, Some((columns, _))) => columns,
            (None, None) => continue,
        };
        let loc = tokens[dot + 1].loc;
        edits.push(Edit::replace(start..dot + 4, gen(&len.to_string(), loc)));
    }
    tokens::apply(tokens, edits)
}

/// `f.xxx` of a `float f` becomes `vec3(f)`, `f.x` becomes `(f)`: two edits, the constructor
/// before the operand and `)` for the swizzle, so that edits inside the operand (another
/// scalar swizzle) still apply.
fn scalar_swizzle(tokens: &[Token], types: &Types, dot: usize) -> Option<[Edit; 2]> {
    let swizzle = tokens.get(dot + 1)?;
    let n = swizzle.text.len();
    if swizzle.kind != TokenKind::Ident || !(1..=4).contains(&n) {
        return None;
    }
    let first = swizzle.text.chars().next()?;
    if !matches!(first, 'x' | 'r' | 's') || swizzle.text.chars().any(|c| c != first) {
        return None;
    }
    if tokens.get(dot + 2).is_some_and(|t| t.is_punct("(")) {
        return None; // a method call
    }
    let start = operand_start(tokens, dot)?;
    let base = exprs::type_of(types, tokens, start..dot)?;
    let scalar = ["float", "int", "uint", "bool"].contains(&base.ty.as_str());
    if base.array || !scalar {
        return None;
    }
    let prefix = match base.ty.as_str() {
        "int" => "i",
        "uint" => "u",
        "bool" => "b",
        _ => "",
    };
    let constructor = if n == 1 {
        String::new()
    } else {
        format!("{prefix}vec{n}")
    };
    let loc = swizzle.loc;
    Some([
        Edit::insert(start, gen(&format!("{constructor} ("), loc)),
        Edit::replace(dot..dot + 2, gen(")", loc)),
    ])
}

/// Start of the operand of the `.` at `dot`: a postfix expression, whose primary may be a
/// call or a parenthesized expression (`max(a, b).x`, `(a * b).x`, `s.v[i].x`).
fn operand_start(tokens: &[Token], dot: usize) -> Option<usize> {
    let mut j = dot;
    loop {
        let last = tokens.get(j.checked_sub(1)?)?;
        if last.is_punct("]") {
            j = items::matching_open(tokens, j - 1, 0)?;
            continue;
        }
        if last.is_punct(")") {
            j = items::matching_open(tokens, j - 1, 0)?;
            let callee = j.checked_sub(1).map(|k| &tokens[k]);
            if callee.is_some_and(|t| t.kind == TokenKind::Ident && !t.is_ident("return")) {
                j -= 1;
            }
        } else if last.kind == TokenKind::Ident {
            j -= 1;
        } else {
            return None;
        }
        if j >= 1 && tokens[j - 1].is_punct(".") {
            j -= 1;
        } else {
            return Some(j);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::rewrite_components;
    use crate::front::glsl::dialect::tokens::lex;

    /// `main`'s body after the rewrites, tokens joined by spaces.
    fn rewritten(decls: &str, body: &str) -> String {
        let tokens = rewrite_components(lex(&format!("{decls} void main() {{ {body} }}")));
        let text: Vec<String> = tokens.iter().map(|t| t.text.clone()).collect();
        let text = text.join(" ");
        let start = text.find("main ( ) {").expect("main") + "main ( ) {".len();
        text[start..text.len() - 1].trim().to_string()
    }

    #[test]
    fn lengths_of_vectors_and_matrices_are_literals() {
        let decls = "uniform vec3 v; uniform mat2x4 m; uniform float a[5];";
        assert_eq!(rewritten(decls, "x = v.length();"), "x = 3 ;");
        assert_eq!(rewritten(decls, "x = m.length();"), "x = 2 ;");
        assert_eq!(rewritten(decls, "x = m[1].length();"), "x = 4 ;");
        assert_eq!(rewritten(decls, "x = v.xy.length();"), "x = 2 ;");
        assert_eq!(rewritten(decls, "x = a.length();"), "x = a . length ( ) ;");
    }

    #[test]
    fn scalar_swizzles_of_any_operand() {
        let decls = "uniform float f; uniform int i; uniform vec3 n; float w[2];";
        assert_eq!(rewritten(decls, "y = f.xxx;"), "y = vec3 ( f ) ;");
        assert_eq!(rewritten(decls, "y = i.rr;"), "y = ivec2 ( i ) ;");
        assert_eq!(
            rewritten(decls, "y = max(dot(n, n), 0.1).rrr;"),
            "y = vec3 ( max ( dot ( n , n ) , 0.1 ) ) ;"
        );
        assert_eq!(
            rewritten(decls, "y = (f * 2.0).ss;"),
            "y = vec2 ( ( f * 2.0 ) ) ;"
        );
        assert_eq!(rewritten(decls, "y = w[1].xxxx;"), "y = vec4 ( w [ 1 ] ) ;");
        assert_eq!(rewritten(decls, "y = n.x.xx;"), "y = vec2 ( n . x ) ;");
        assert_eq!(rewritten(decls, "y = f.x.xx;"), "y = vec2 ( ( f ) ) ;");
        assert_eq!(
            rewritten(decls, "y = n.xxx;"),
            "y = n . xxx ;",
            "a vector's own"
        );
    }

    #[test]
    fn scalar_swizzles_follow_the_declaration_in_scope() {
        let source = "layout(binding = 0) uniform U { int v; } u; int g(int v) { return v; } \
            void main() { float v = 1.0; y = v.rrr; }";
        let tokens = rewrite_components(lex(source));
        let text: Vec<String> = tokens.iter().map(|t| t.text.clone()).collect();
        assert!(
            text.join(" ").contains("y = vec3 ( v ) ;"),
            "{}",
            text.join(" ")
        );
    }
}
