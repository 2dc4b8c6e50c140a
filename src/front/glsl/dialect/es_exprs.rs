//! Expression and statement rules of GLSL ES that need operand types or constant values,
//! which naga either accepts after the upgrade or reports without a line, each reported
//! where glslang reports it:
//!
//! - `%` and `%=` take integers, not floats (naga computes a float remainder);
//! - the two branches of `?:` have the same type (GLSL ES converts nothing);
//! - ES 3.00: `switch` takes a scalar `int` or `uint` (a vector reached naga's SPIR-V writer
//!   and came out invalid); no two `case` labels of one switch have the same value;
//! - ES 3.00: `mix()` takes floats for its values (integer and boolean ones are ES 3.10's);
//!   texel offsets are constants within [-8, 7] (`gl_MinProgramTexelOffset`,
//!   `gl_MaxProgramTexelOffset`); a vertex shader has no derivatives and no `texture` with
//!   a bias argument; a uniform block array is indexed by a constant.
//!
//! Every operand type comes from the typer of [`super::exprs`]; where a type or value is not
//! certain the rule stays silent: a missed error, never a false one.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use super::exprs::type_of;
use super::items;
use super::loops::{const_names, is_constant, split_top};
use super::types::Types;
use super::version::Dialect;
use crate::diagnostic::{error_at, Diagnostic};
use crate::front::glsl::preprocess::{Token, TokenKind};
use crate::shader::Stage;

pub(super) fn check(
    tokens: &[Token],
    types: &Types,
    dialect: Dialect,
    stage: Stage,
) -> Vec<Diagnostic> {
    let es3 = dialect == Dialect::Es3(300);
    let mut errors = Vec::new();
    let consts = const_values(tokens);
    for (i, t) in tokens.iter().enumerate() {
        if t.is_punct("%") || t.is_punct("%=") {
            let left = operand_left(tokens, i);
            let right = operand_right(tokens, i + 1);
            let float = [left, right].into_iter().flatten().any(|r| {
                type_of(types, tokens, r)
                    .is_some_and(|d| !d.array && super::exprs::scalar_type(&d.ty) == Some("float"))
            });
            if float {
                errors.push(error_at(
                    "E-DIALECT",
                    format!("`{}` takes integer operands, not floats", t.text),
                    t.loc,
                    "use `mod(x, y)` for floats",
                ));
            }
        }
        if t.is_punct("?") {
            errors.extend(conditional(tokens, types, i));
        }
        if !es3 || t.kind != TokenKind::Ident || (i > 0 && tokens[i - 1].is_punct(".")) {
            continue;
        }
        if t.is_ident("switch") {
            errors.extend(switch(tokens, types, &consts, i));
        }
        if tokens.get(i + 1).is_some_and(|n| n.is_punct("(")) {
            errors.extend(call(tokens, types, i, stage));
        }
    }
    if es3 {
        errors.extend(block_array_indices(tokens));
    }
    errors
}

/// The operand left of the binary operator at `op`: a primary expression with its postfix
/// (`a.b[i]`, `f(x)`, `(a + b)`).
fn operand_left(tokens: &[Token], op: usize) -> Option<Range<usize>> {
    let end = op;
    let mut k = op.checked_sub(1)?;
    loop {
        let t = &tokens[k];
        if t.is_punct(")") || t.is_punct("]") {
            k = items::matching_open(tokens, k, 0)?;
            if k > 0 && tokens[k - 1].kind == TokenKind::Ident {
                k -= 1;
            } else if tokens[k].is_punct("[") {
                k = k.checked_sub(1)?;
                continue;
            }
        } else if !matches!(t.kind, TokenKind::Ident | TokenKind::Int | TokenKind::Float) {
            return None;
        }
        if k >= 2 && tokens[k - 1].is_punct(".") {
            k -= 2;
            continue;
        }
        return Some(k..end);
    }
}

/// The operand right of a binary operator, starting at `start`.
fn operand_right(tokens: &[Token], start: usize) -> Option<Range<usize>> {
    let mut k = start;
    while tokens
        .get(k)
        .is_some_and(|t| ["-", "+", "!", "~"].iter().any(|u| t.is_punct(u)))
    {
        k += 1;
    }
    let t = tokens.get(k)?;
    if t.is_punct("(") {
        k = items::matching_close(tokens, k, tokens.len())? + 1;
    } else if matches!(t.kind, TokenKind::Ident | TokenKind::Int | TokenKind::Float) {
        k += 1;
    } else {
        return None;
    }
    loop {
        match tokens.get(k) {
            Some(n) if n.is_punct("(") || n.is_punct("[") => {
                k = items::matching_close(tokens, k, tokens.len())? + 1;
            }
            Some(n) if n.is_punct(".") => k += 2,
            _ => return Some(start..k.min(tokens.len())),
        }
    }
}

/// `c ? a : b` with `a` and `b` of different types.
fn conditional(tokens: &[Token], types: &Types, q: usize) -> Option<Diagnostic> {
    let mut depth = 0i32;
    let mut nested = 0;
    let mut colon = None;
    let mut end = tokens.len();
    for (k, t) in tokens.iter().enumerate().skip(q + 1) {
        if t.is_punct("(") || t.is_punct("[") || t.is_punct("{") {
            depth += 1;
        } else if t.is_punct(")") || t.is_punct("]") || t.is_punct("}") {
            depth -= 1;
            if depth < 0 {
                end = k;
                break;
            }
        } else if depth == 0 && t.is_punct("?") {
            nested += 1;
        } else if depth == 0 && t.is_punct(":") {
            if nested == 0 && colon.is_none() {
                colon = Some(k);
            } else {
                nested -= 1;
            }
        } else if depth == 0 && (t.is_punct(",") || t.is_punct(";") || t.is_punct("=")) {
            end = k;
            break;
        }
    }
    let colon = colon?;
    let a = type_of(types, tokens, q + 1..colon)?;
    let b = type_of(types, tokens, colon + 1..end)?;
    (a != b).then(|| {
        let show =
            |d: &super::types::Declared| format!("{}{}", d.ty, if d.array { "[]" } else { "" });
        error_at(
            "E-DIALECT",
            format!("the branches of `?:` are `{}` and `{}`", show(&a), show(&b)),
            tokens[colon].loc,
            "GLSL ES converts nothing: give both branches one type",
        )
    })
}

/// The values of `const int K = 3;` / `const uint K = 3u;` / `= -3`.
fn const_values(tokens: &[Token]) -> HashMap<&str, i64> {
    let mut out = HashMap::new();
    for i in 0..tokens.len().saturating_sub(4) {
        let w = &tokens[i..i + 4];
        let typed = w[0].is_ident("const") && (w[1].is_ident("int") || w[1].is_ident("uint"));
        if typed && w[2].kind == TokenKind::Ident && w[3].is_punct("=") {
            if let Some(v) = literal_value(tokens, i + 4..i + 6, &HashMap::new()) {
                out.insert(w[2].text.as_str(), v);
            }
        }
    }
    out
}

/// The value of `tokens[range]` when it is an integer literal, a negated one, or a known
/// constant, followed by `end` (`:` of a case label, `;` of a declaration).
fn literal_value(
    tokens: &[Token],
    range: Range<usize>,
    consts: &HashMap<&str, i64>,
) -> Option<i64> {
    let mut k = range.start;
    let negative = tokens.get(k)?.is_punct("-");
    if negative {
        k += 1;
    }
    let t = tokens.get(k)?;
    let next = tokens.get(k + 1)?;
    if !(next.is_punct(":") || next.is_punct(";")) {
        return None;
    }
    let v = match t.kind {
        TokenKind::Int => crate::front::glsl::preprocess::parse_int(&t.text)?,
        TokenKind::Ident => *consts.get(t.text.as_str())?,
        _ => return None,
    };
    Some(if negative { -v } else { v })
}

/// A `switch` on something other than a scalar integer; a `case` value used twice.
fn switch(
    tokens: &[Token],
    types: &Types,
    consts: &HashMap<&str, i64>,
    at: usize,
) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    let Some(close) = tokens
        .get(at + 1)
        .filter(|t| t.is_punct("("))
        .and_then(|_| items::matching_close(tokens, at + 1, tokens.len()))
    else {
        return errors;
    };
    if let Some(d) = type_of(types, tokens, at + 2..close) {
        if d.array || !matches!(d.ty.as_str(), "int" | "uint") {
            errors.push(error_at(
                "E-DIALECT",
                format!("`switch` takes a scalar `int` or `uint`, not `{}`", d.ty),
                tokens[at].loc,
                "switch on an integer expression",
            ));
            return errors;
        }
    }
    let Some(end) = tokens
        .get(close + 1)
        .filter(|t| t.is_punct("{"))
        .and_then(|_| items::matching_close(tokens, close + 1, tokens.len()))
    else {
        return errors;
    };
    let mut seen = HashSet::new();
    let mut depth = 0;
    for k in close + 2..end {
        let t = &tokens[k];
        if t.is_punct("{") {
            depth += 1;
        } else if t.is_punct("}") {
            depth -= 1;
        } else if depth == 0 && t.is_ident("case") {
            let value = literal_value(tokens, k + 1..end, consts);
            if let Some(v) = value.filter(|v| !seen.insert(*v)) {
                errors.push(error_at(
                    "E-DIALECT",
                    format!("`case {v}` appears twice in this `switch`"),
                    t.loc,
                    "each case label of a switch needs its own value",
                ));
            }
        }
    }
    errors
}

/// Texel offsets out of range, derivatives and `texture` with a bias in a vertex shader.
fn call(tokens: &[Token], types: &Types, at: usize, stage: Stage) -> Option<Diagnostic> {
    let name = tokens[at].text.as_str();
    let close = items::matching_close(tokens, at + 1, tokens.len())?;
    let args = split_top(tokens, at + 2..close, ",");
    let offset_arg = match name {
        "textureOffset" | "textureProjOffset" => Some(2),
        "textureLodOffset" | "texelFetchOffset" | "textureProjLodOffset" => Some(3),
        "textureGradOffset" | "textureProjGradOffset" => Some(4),
        _ => None,
    };
    if let Some(arg) = offset_arg.and_then(|n| args.get(n)) {
        // `ivec2(a, b)` with integer literals.
        let constructor = arg.len() >= 3
            && tokens[arg.start].text.starts_with("ivec")
            && tokens[arg.start + 1].is_punct("(")
            && tokens[arg.end - 1].is_punct(")");
        let out_of_range = constructor
            .then(|| split_top(tokens, arg.start + 2..arg.end - 1, ","))
            .into_iter()
            .flatten()
            .filter_map(|c| literal_value_in(tokens, c))
            .find(|v| !(-8..=7).contains(v));
        if let Some(v) = out_of_range {
            return Some(error_at(
                "E-DIALECT",
                format!("texel offset {v} is out of range: GLSL ES 3.00 allows -8 to 7"),
                tokens[at].loc,
                "gl_MinProgramTexelOffset is -8, gl_MaxProgramTexelOffset 7",
            ));
        }
    }
    if name == "mix" && args.len() == 3 {
        // `mix(x, y, bool)` of integers or booleans is GLSL ES 3.10's.
        let kind =
            type_of(types, tokens, args[0].clone()).and_then(|d| super::exprs::scalar_type(&d.ty));
        if matches!(kind, Some("int" | "uint" | "bool")) {
            return Some(error_at(
                "E-DIALECT",
                format!(
                    "`mix()` of `{}` values is not in GLSL ES 3.00",
                    kind.unwrap_or("int")
                ),
                tokens[at].loc,
                "GLSL ES 3.00 mixes floats; select with `?:` or a float mix",
            ));
        }
    }
    if stage != Stage::Vertex {
        return None;
    }
    let bias = match name {
        "texture" | "textureProj" => args.len() == 3,
        "textureOffset" | "textureProjOffset" => args.len() == 4,
        _ => false,
    };
    let derivative = matches!(name, "dFdx" | "dFdy" | "fwidth");
    (bias || derivative).then(|| {
        error_at(
            "E-DIALECT",
            if derivative {
                format!("`{name}()` is not available in a vertex shader")
            } else {
                format!("`{name}()` with a bias argument is not available in a vertex shader")
            },
            tokens[at].loc,
            "only a fragment shader has derivatives and implicit levels of detail",
        )
    })
}

/// An integer literal (possibly negated) filling `range`.
fn literal_value_in(tokens: &[Token], range: Range<usize>) -> Option<i64> {
    let slice = &tokens[range];
    match slice {
        [t] if t.kind == TokenKind::Int => crate::front::glsl::preprocess::parse_int(&t.text),
        [m, t] if m.is_punct("-") && t.kind == TokenKind::Int => {
            crate::front::glsl::preprocess::parse_int(&t.text).map(|v| -v)
        }
        _ => None,
    }
}

/// `blocks[i]` of a uniform block array with an index that is not constant.
fn block_array_indices(tokens: &[Token]) -> Vec<Diagnostic> {
    let Ok(split) = items::split_items(tokens) else {
        return Vec::new();
    };
    let mut arrays = HashSet::new();
    for item in &split {
        let q = items::qualifiers(tokens, item.range.clone());
        if !q.opens_block(tokens) {
            continue;
        }
        let Some(close) = items::matching_close(tokens, q.type_start + 1, item.range.end) else {
            continue;
        };
        let instance = tokens.get(close + 1).filter(|t| t.kind == TokenKind::Ident);
        if let Some(inst) =
            instance.filter(|_| tokens.get(close + 2).is_some_and(|t| t.is_punct("[")))
        {
            arrays.insert(inst.text.as_str());
        }
    }
    if arrays.is_empty() {
        return Vec::new();
    }
    let consts = const_names(tokens);
    let user = items::user_function_names(tokens);
    let mut errors = Vec::new();
    for item in &split {
        let items::ItemKind::Function { body, .. } = &item.kind else {
            continue;
        };
        for k in body.clone() {
            let t = &tokens[k];
            let indexed = arrays.contains(t.text.as_str())
                && !(k > 0 && tokens[k - 1].is_punct("."))
                && tokens.get(k + 1).is_some_and(|n| n.is_punct("["));
            let Some(close) = indexed
                .then(|| items::matching_close(tokens, k + 1, body.end))
                .flatten()
            else {
                continue;
            };
            if !is_constant(tokens, k + 2..close, &consts, &user) {
                errors.push(error_at(
                    "E-DIALECT",
                    format!("uniform block array `{}` indexed by an expression that is not constant", t.text),
                    t.loc,
                    "GLSL ES 3.00 indexes uniform block arrays with constant integral expressions only",
                ));
            }
        }
    }
    errors
}
