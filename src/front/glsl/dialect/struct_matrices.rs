//! `mat2`, `mat3x2` and `mat4x2` members of structs, which naga refuses in every struct (its
//! GLSL reader lays every struct out by std140 rules, where `matCx2` is gfx-rs/wgpu#4375).
//!
//! The member is declared `matCx4` instead: in std140 a `matCx2` is `C` columns of 16 bytes,
//! exactly a `matCx4`'s layout, so a uniform's buffer does not change. Each use of the member
//! is rewritten where it is read or written, found by the type of the expression before the
//! `.` ([`exprs::type_of`]):
//! - a read `s.m` becomes `mat2(s.m)` (`m[i]` reads `mat2(s.m)[i]`);
//! - an element `s.m[i][j]` stays: it is the same element of the wider matrix;
//! - `s.m = X;` becomes `s.m = mat2x4(X);` and `s.m[i] = v;` becomes
//!   `s.m[i] = vec4(v, 0.0, 0.0);`;
//! - a constructor `S(..., X, ...)` gets `mat2x4(X)` at the member's position.
//!
//! Arrays of such matrices (`mat2 m[2]`) and arrays of such structs are covered the same way,
//! an element at a time. Not covered: compound assignments to the member (`s.m *= r`) and an
//! array of them passed whole; naga's type error is then reported on the user's line.
//!
//! Trap: the type table has no scopes; a name declared with two types is not typed, so its
//! uses stay as written and naga reports them.

use std::collections::HashMap;

use super::exprs::{self, matrix};
use super::items;
use super::tokens::{self, gen, renamed, Edit};
use super::types::Types;
use crate::front::glsl::preprocess::{Token, TokenKind};

/// The wider type of a `matCx2` (`None` for any other type).
fn widened(ty: &str) -> Option<String> {
    match matrix(ty) {
        Some((c, 2)) => Some(format!("mat{c}x4")),
        _ => None,
    }
}

/// Assignment operators other than `=`.
const COMPOUND: &[&str] = &["+=", "-=", "*=", "/=", "%=", "<<=", ">>=", "&=", "|=", "^="];

/// The rewrite of the module docs.
pub(super) fn widen_struct_matrices(tokens: Vec<Token>) -> Vec<Token> {
    if !tokens.iter().any(|t| widened(&t.text).is_some()) {
        return tokens;
    }
    let types = Types::of(&tokens);
    // (struct, member) → (matrix type, member is an array); struct → its member types.
    let mut members: HashMap<(String, String), (String, bool)> = HashMap::new();
    for (s, list) in &types.structs {
        for (name, declared) in list {
            if widened(&declared.ty).is_some() {
                members.insert(
                    (s.clone(), name.clone()),
                    (declared.ty.clone(), declared.array),
                );
            }
        }
    }
    if members.is_empty() {
        return tokens;
    }
    let mut edits = Vec::new();
    for (i, t) in tokens.iter().enumerate() {
        if t.is_ident("struct") {
            edits.extend(widen_declaration(&tokens, i, &types));
        } else if t.is_punct(".") {
            edits.extend(member_use(&tokens, &types, &members, i));
        } else if t.kind == TokenKind::Ident
            && tokens.get(i + 1).is_some_and(|n| n.is_punct("("))
            && !(i > 0 && tokens[i - 1].is_ident("struct"))
        {
            edits.extend(constructor(&tokens, &types, i));
        }
    }
    tokens::apply(tokens, edits)
}

/// The member types of the struct declared at `at`, widened.
fn widen_declaration(tokens: &[Token], at: usize, types: &Types) -> Vec<Edit> {
    let Some(name) = tokens.get(at + 1) else {
        return Vec::new();
    };
    if !types.structs.contains_key(&name.text)
        || !tokens.get(at + 2).is_some_and(|t| t.is_punct("{"))
    {
        return Vec::new();
    }
    let Some(close) = items::matching_close(tokens, at + 2, tokens.len()) else {
        return Vec::new();
    };
    let mut edits = Vec::new();
    for k in at + 3..close {
        let prev = &tokens[k - 1];
        let starts = prev.is_punct("{")
            || prev.is_punct(";")
            || items::PRECISIONS.contains(&prev.text.as_str());
        if let (true, Some(wide)) = (starts, widened(&tokens[k].text)) {
            edits.push(Edit::replace(k..k + 1, vec![renamed(&tokens[k], &wide)]));
        }
    }
    edits
}

/// Start of the expression whose member is selected by the `.` at `dot`: names, calls,
/// parentheses, `.member` and `[index]` suffixes.
fn base_start(tokens: &[Token], dot: usize) -> Option<usize> {
    let mut j = dot;
    loop {
        let last = tokens.get(j.checked_sub(1)?)?;
        if last.is_punct("]") || last.is_punct(")") {
            let (open, shut) = if last.is_punct(")") {
                ("(", ")")
            } else {
                ("[", "]")
            };
            let mut depth = 0usize;
            let mut k = j - 1;
            loop {
                if tokens[k].is_punct(shut) {
                    depth += 1;
                } else if tokens[k].is_punct(open) {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                }
                k = k.checked_sub(1)?;
            }
            j = k;
            if last.is_punct(")") && !(j > 0 && tokens[j - 1].kind == TokenKind::Ident) {
                return Some(j); // a parenthesized expression
            }
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

/// The end of the statement or argument from `from`: the first `;`, `,` or unmatched `)` at
/// depth 0.
fn operand_end(tokens: &[Token], from: usize) -> Option<usize> {
    let mut k = from;
    while let Some(t) = tokens.get(k) {
        if t.is_punct("(") || t.is_punct("[") {
            k = items::matching_close(tokens, k, tokens.len())?;
        } else if t.is_punct(";") || t.is_punct(",") || t.is_punct(")") || t.is_punct("]") {
            return Some(k);
        }
        k += 1;
    }
    None
}

/// A use of a widened member, selected by the `.` at `dot`.
fn member_use(
    tokens: &[Token],
    types: &Types,
    members: &HashMap<(String, String), (String, bool)>,
    dot: usize,
) -> Vec<Edit> {
    let Some(member) = tokens.get(dot + 1).filter(|t| t.kind == TokenKind::Ident) else {
        return Vec::new();
    };
    let Some(start) = base_start(tokens, dot) else {
        return Vec::new();
    };
    let Some(base) = exprs::type_of(types, tokens, start..dot).filter(|b| !b.array) else {
        return Vec::new();
    };
    let Some((ty, array)) = members.get(&(base.ty, member.text.clone())) else {
        return Vec::new();
    };
    let loc = member.loc;
    let mut end = dot + 2;
    if *array {
        match tokens.get(end) {
            Some(t) if t.is_punct("[") => match items::matching_close(tokens, end, tokens.len()) {
                Some(close) => end = close + 1,
                None => return Vec::new(),
            },
            _ => return Vec::new(), // the whole array: not covered
        }
    }
    let wide = widened(ty).unwrap_or_default();
    let next = tokens.get(end);
    if next.is_some_and(|t| t.is_punct("[")) {
        let Some(close) = items::matching_close(tokens, end, tokens.len()) else {
            return Vec::new();
        };
        let after = tokens.get(close + 1);
        if after.is_some_and(|t| t.is_punct("[")) {
            return Vec::new(); // one element: the same in the wider matrix
        }
        if after.is_some_and(|t| t.is_punct("=")) {
            let Some(stop) = operand_end(tokens, close + 2) else {
                return Vec::new();
            };
            return vec![
                Edit::insert(close + 2, gen("vec4 (", loc)),
                Edit::insert(stop, gen(", 0.0 , 0.0 )", loc)),
            ];
        }
        if after.is_some_and(|t| COMPOUND.contains(&t.text.as_str())) {
            return Vec::new();
        }
    } else if next.is_some_and(|t| t.is_punct("=")) {
        let Some(stop) = operand_end(tokens, end + 1) else {
            return Vec::new();
        };
        return vec![
            Edit::insert(end + 1, gen(&format!("{wide} ("), loc)),
            Edit::insert(stop, gen(")", loc)),
        ];
    } else if next.is_some_and(|t| COMPOUND.contains(&t.text.as_str())) {
        return Vec::new();
    }
    vec![
        Edit::insert(start, gen(&format!("{ty} ("), loc)),
        Edit::insert(end, gen(")", loc)),
    ]
}

/// `S(...)` of a struct with widened members: those arguments widened.
fn constructor(tokens: &[Token], types: &Types, at: usize) -> Vec<Edit> {
    let Some(list) = types.structs.get(&tokens[at].text) else {
        return Vec::new();
    };
    let Some(close) = items::matching_close(tokens, at + 1, tokens.len()) else {
        return Vec::new();
    };
    let mut args = Vec::new();
    let mut start = at + 2;
    let mut k = start;
    while k < close {
        if tokens[k].is_punct("(") || tokens[k].is_punct("[") {
            match items::matching_close(tokens, k, close) {
                Some(c) => k = c,
                None => return Vec::new(),
            }
        } else if tokens[k].is_punct(",") {
            args.push(start..k);
            start = k + 1;
        }
        k += 1;
    }
    args.push(start..close);
    if args.len() != list.len() {
        return Vec::new();
    }
    let loc = tokens[at].loc;
    let mut edits = Vec::new();
    for (arg, (_, declared)) in args.iter().zip(list) {
        if let (false, Some(wide)) = (declared.array, widened(&declared.ty)) {
            edits.push(Edit::insert(arg.start, gen(&format!("{wide} ("), loc)));
            edits.push(Edit::insert(arg.end, gen(")", loc)));
        }
    }
    edits
}
