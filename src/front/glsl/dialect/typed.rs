//! Rewrites that need the type of an operand ([`Types`]), made only where it is known:
//!
//! - struct equality: `a == b` / `a != b` on structs becomes member-wise comparisons
//!   `(a.x == b.x && a.y == b.y)` (nested structs member by member; a struct with an array
//!   member is left for naga to report). Operands are names with `.member` / `[i]` suffixes or
//!   a constructor `S(...)` on the right;
//! - `mat2(v)` of a `vec4` `v` becomes `mat2(v.xy, v.zw)` (naga composes matrices only from
//!   columns or scalars);
//! - `dot`, `length`, `distance`, `normalize`, `reflect`, `refract`, `faceforward` called on
//!   a `float` (a literal, a `float` variable, or one component `v.x`): the `float` overloads
//!   GLSL has and naga lacks are declared before the first item, only for the functions the
//!   shader calls that way.
//!
//! - outside GLSL ES, swizzles of scalars: `f.xxx` becomes `vec3(f)`, `f.x` becomes `(f)`.
//!
//! Every generated token carries the location of the operator or call it stands for.

use super::items;
use super::tokens::{self, gen, Edit};
use super::types::{Declared, Types};
use crate::front::glsl::preprocess::{Token, TokenKind};

/// The `float` overloads of the geometric built-ins.
const SCALAR_OVERLOADS: &[(&str, &str)] = &[
    ("dot", "float dot ( float a , float b ) { return a * b ; }"),
    ("length", "float length ( float a ) { return abs ( a ) ; }"),
    ("distance", "float distance ( float a , float b ) { return abs ( a - b ) ; }"),
    ("normalize", "float normalize ( float a ) { return sign ( a ) ; }"),
    (
        "reflect",
        "float reflect ( float i , float n ) { return i - 2.0 * n * i * n ; }",
    ),
    (
        "refract",
        "float refract ( float i , float n , float eta ) { float k = 1.0 - eta * eta * ( 1.0 - n * i * n * i ) ; return k < 0.0 ? 0.0 : eta * i - ( eta * n * i + sqrt ( k ) ) * n ; }",
    ),
    (
        "faceforward",
        "float faceforward ( float n , float i , float r ) { return r * i < 0.0 ? n : - n ; }",
    ),
];

/// Calls whose result is a `float` whatever their arguments.
const FLOAT_RESULTS: &[&str] = &["float", "dot", "length", "distance", "determinant"];

/// The rewrites of the module docs.
pub(super) fn rewrite_typed(tokens: Vec<Token>, scalar_swizzles: bool) -> Vec<Token> {
    let types = Types::of(&tokens);
    let user_functions = items::user_function_names(&tokens);
    let mut edits = Vec::new();
    let mut overloads: Vec<&str> = Vec::new();
    for (k, t) in tokens.iter().enumerate() {
        if scalar_swizzles && t.is_punct(".") {
            edits.extend(scalar_swizzle(&tokens, &types, k));
        } else if t.is_punct("==") || t.is_punct("!=") {
            edits.extend(struct_equality(&tokens, &types, k));
        } else if t.is_ident("mat2") && !(k > 0 && tokens[k - 1].is_punct(".")) {
            edits.extend(mat2_from_vec4(&tokens, &types, k));
        } else if t.kind == TokenKind::Ident
            && tokens.get(k + 1).is_some_and(|n| n.is_punct("("))
            && !user_functions.contains(&t.text)
        {
            let overload = SCALAR_OVERLOADS.iter().find(|(n, _)| t.text == *n);
            if let Some(&(_, source)) = overload {
                if !overloads.contains(&source) && scalar_first_argument(&tokens, &types, k + 2) {
                    overloads.push(source);
                }
            }
        }
    }
    if let (Some(first), false) = (tokens.first(), overloads.is_empty()) {
        edits.push(Edit::insert(0, gen(&overloads.join(" "), first.loc)));
    }
    tokens::apply(tokens, edits)
}

/// End (exclusive) of the postfix expression starting at `start`: a name and its `.member`
/// and `[index]` suffixes.
fn postfix_end(tokens: &[Token], start: usize) -> Option<usize> {
    if tokens.get(start)?.kind != TokenKind::Ident {
        return None;
    }
    let mut i = start + 1;
    loop {
        match tokens.get(i) {
            Some(t) if t.is_punct(".") && tokens.get(i + 1)?.kind == TokenKind::Ident => i += 2,
            Some(t) if t.is_punct("[") => i = items::matching_close(tokens, i, tokens.len())? + 1,
            _ => return Some(i),
        }
    }
}

/// Start of the postfix expression ending (exclusive) at `end`.
fn postfix_start(tokens: &[Token], end: usize) -> Option<usize> {
    let mut j = end;
    loop {
        let last = tokens.get(j.checked_sub(1)?)?;
        if last.is_punct("]") {
            let mut depth = 0usize;
            let mut k = j - 1;
            loop {
                if tokens[k].is_punct("]") {
                    depth += 1;
                } else if tokens[k].is_punct("[") {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                }
                k = k.checked_sub(1)?;
            }
            j = k;
        } else if last.kind == TokenKind::Ident {
            if j >= 2 && tokens[j - 2].is_punct(".") {
                j -= 2;
            } else {
                return Some(j - 1);
            }
        } else {
            return None;
        }
    }
}

/// The member paths of struct `ty` down to non-struct members; `None` with an array member.
fn leaf_paths(types: &Types, ty: &str, depth: usize) -> Option<Vec<Vec<String>>> {
    let members = types.structs.get(ty)?;
    let mut out = Vec::new();
    for (name, declared) in members {
        if declared.array || depth > 8 {
            return None;
        }
        if types.structs.contains_key(&declared.ty) {
            for mut path in leaf_paths(types, &declared.ty, depth + 1)? {
                path.insert(0, name.clone());
                out.push(path);
            }
        } else {
            out.push(vec![name.clone()]);
        }
    }
    Some(out)
}

fn struct_equality(tokens: &[Token], types: &Types, op: usize) -> Option<Edit> {
    let left_start = postfix_start(tokens, op)?;
    let left = types.postfix(tokens, left_start..op)?;
    if left.array || !types.structs.contains_key(&left.ty) {
        return None;
    }
    let right_start = op + 1;
    let first = tokens.get(right_start)?;
    let constructor = first.text == left.ty && tokens.get(right_start + 1)?.is_punct("(");
    let right_end = if constructor {
        items::matching_close(tokens, right_start + 1, tokens.len())? + 1
    } else {
        let end = postfix_end(tokens, right_start)?;
        let right = types.postfix(tokens, right_start..end)?;
        (right
            == Declared {
                ty: left.ty.clone(),
                array: false,
            })
        .then_some(end)?
    };
    let paths = leaf_paths(types, &left.ty, 0)?;
    let loc = tokens[op].loc;
    let mut out = gen(
        if tokens[op].is_punct("!=") {
            "! ("
        } else {
            "("
        },
        loc,
    );
    for (n, path) in paths.iter().enumerate() {
        if n > 0 {
            out.extend(gen("&&", loc));
        }
        let side = |range: std::ops::Range<usize>, out: &mut Vec<Token>| {
            if constructor && range.start == right_start {
                out.extend(gen("(", loc));
                out.extend(tokens[range].iter().cloned());
                out.extend(gen(")", loc));
            } else {
                out.extend(tokens[range].iter().cloned());
            }
            for member in path {
                out.extend(gen(&format!(". {member}"), loc));
            }
        };
        side(left_start..op, &mut out);
        out.extend(gen("==", loc));
        side(right_start..right_end, &mut out);
    }
    out.extend(gen(")", loc));
    Some(Edit::replace(left_start..right_end, out))
}

fn mat2_from_vec4(tokens: &[Token], types: &Types, at: usize) -> Option<Edit> {
    if !tokens.get(at + 1)?.is_punct("(") {
        return None;
    }
    let close = items::matching_close(tokens, at + 1, tokens.len())?;
    let end = postfix_end(tokens, at + 2)?;
    if end != close {
        return None;
    }
    let arg = types.postfix(tokens, at + 2..end)?;
    if arg.array || arg.ty != "vec4" {
        return None;
    }
    let loc = tokens[at].loc;
    let mut out = gen("mat2 (", loc);
    out.extend(tokens[at + 2..end].iter().cloned());
    out.extend(gen(". xy ,", loc));
    out.extend(tokens[at + 2..end].iter().cloned());
    out.extend(gen(". zw )", loc));
    Some(Edit::replace(at..close + 1, out))
}

/// `f.xxx` of a `float f` becomes `vec3(f)`, `f.x` becomes `(f)` (GLSL 4.20+; GLSL ES has
/// no scalar swizzles, and naga none at all).
fn scalar_swizzle(tokens: &[Token], types: &Types, dot: usize) -> Option<Edit> {
    let swizzle = tokens.get(dot + 1)?;
    let n = swizzle.text.len();
    if swizzle.kind != TokenKind::Ident || !(1..=4).contains(&n) {
        return None;
    }
    let first = swizzle.text.chars().next()?;
    if !matches!(first, 'x' | 'r' | 's') || swizzle.text.chars().any(|c| c != first) {
        return None;
    }
    let start = postfix_start(tokens, dot)?;
    let base = types.postfix(tokens, start..dot)?;
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
    let mut out = gen(&format!("{constructor} ("), loc);
    out.extend(tokens[start..dot].iter().cloned());
    out.extend(gen(")", loc));
    Some(Edit::replace(start..dot + 2, out))
}

/// Whether the argument starting at `start` is certainly a `float`.
fn scalar_first_argument(tokens: &[Token], types: &Types, start: usize) -> bool {
    let mut depth = 0usize;
    let mut end = start;
    while let Some(t) = tokens.get(end) {
        if t.is_punct("(") || t.is_punct("[") {
            depth += 1;
        } else if t.is_punct(")") || t.is_punct("]") {
            if depth == 0 {
                break;
            }
            depth -= 1;
        } else if t.is_punct(",") && depth == 0 {
            break;
        }
        end += 1;
    }
    end > start && scalar_expr(tokens, types, start..end, 0)
}

/// Whether `tokens[range]` is certainly a `float` expression: `+ - * /` over float literals,
/// `float` variables, single components `v.x`, `float(...)` and parenthesized such.
fn scalar_expr(
    tokens: &[Token],
    types: &Types,
    range: std::ops::Range<usize>,
    depth: usize,
) -> bool {
    if depth > 16 {
        return false;
    }
    let mut i = range.start;
    let mut operand = true;
    while i < range.end {
        let t = &tokens[i];
        if !operand {
            if !(t.is_punct("+") || t.is_punct("-") || t.is_punct("*") || t.is_punct("/")) {
                return false;
            }
            operand = true;
            i += 1;
            continue;
        }
        if t.is_punct("-") || t.is_punct("+") {
            i += 1;
            continue;
        }
        if t.kind == TokenKind::Float {
            i += 1;
        } else if t.is_punct("(") {
            let Some(close) = items::matching_close(tokens, i, range.end) else {
                return false;
            };
            if !scalar_expr(tokens, types, i + 1..close, depth + 1) {
                return false;
            }
            i = close + 1;
        } else if tokens.get(i + 1).is_some_and(|n| n.is_punct("("))
            && (FLOAT_RESULTS.contains(&t.text.as_str())
                || types.function(&t.text).is_some_and(|ty| ty == "float"))
        {
            let Some(close) = items::matching_close(tokens, i + 1, range.end) else {
                return false;
            };
            i = close + 1;
        } else {
            let Some(end) = postfix_end(tokens, i).filter(|&e| e <= range.end) else {
                return false;
            };
            let known = match types.postfix(tokens, i..end) {
                Some(ty) => !ty.array && ty.ty == "float",
                // `v.x`: one component of a known vector.
                None => {
                    end >= i + 3
                        && tokens[end - 2].is_punct(".")
                        && tokens[end - 1].text.len() == 1
                        && types
                            .postfix(tokens, i..end - 2)
                            .is_some_and(|ty| !ty.array && ty.ty.starts_with("vec"))
                }
            };
            if !known {
                return false;
            }
            i = end;
        }
        operand = false;
    }
    !operand
}
