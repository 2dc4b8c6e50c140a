//! Vector and matrix constructors with too few or too many components: `vec4(v3)`,
//! `vec4(a, b, c, d, e)`. naga fills or drops components silently; glslang rejects both
//! ("not enough data provided for construction", "too many arguments") at the closing
//! parenthesis, and so does prism.
//!
//! Only arguments whose size is certain are counted: literals, variables (with
//! `.member`, swizzle and `[index]` suffixes) and constructor calls. A constructor with any
//! other argument, or with a matrix argument, is left alone.

use std::ops::Range;

use super::operands::Reader;
use crate::diagnostic::{error_at, Diagnostic};
use crate::front::glsl::dialect::items;
use crate::front::glsl::dialect::loops::split_top;
use crate::front::glsl::preprocess::TokenKind;

/// `(columns, rows)` of a scalar (1, 1), vector (1, n) or matrix type.
fn shape(ty: &str) -> Option<(u32, u32)> {
    let digit = |s: &str| s.parse::<u32>().ok().filter(|n| (2..=4).contains(n));
    if matches!(ty, "float" | "int" | "uint" | "bool") {
        return Some((1, 1));
    }
    if let Some(n) = ty
        .strip_prefix(['b', 'i', 'u'])
        .unwrap_or(ty)
        .strip_prefix("vec")
    {
        return Some((1, digit(n)?));
    }
    let dims = ty.strip_prefix("mat")?;
    match dims.split_once('x') {
        Some((c, r)) => Some((digit(c)?, digit(r)?)),
        None => digit(dims).map(|n| (n, n)),
    }
}

pub(super) fn check(reader: &Reader) -> Vec<Diagnostic> {
    let tokens = reader.tokens;
    let mut errors = Vec::new();
    for (i, t) in tokens.iter().enumerate() {
        let Some((columns, rows)) = shape(&t.text).filter(|_| t.kind == TokenKind::Ident) else {
            continue;
        };
        if (columns, rows) == (1, 1)
            || (i > 0 && tokens[i - 1].is_punct("."))
            || !tokens.get(i + 1).is_some_and(|n| n.is_punct("("))
        {
            continue;
        }
        let Some(close) = items::matching_close(tokens, i + 1, tokens.len()) else {
            continue;
        };
        if close == i + 2 {
            continue;
        }
        let sizes: Option<Vec<(u32, u32)>> = split_top(tokens, i + 2..close, ",")
            .into_iter()
            .map(|arg| arg_shape(reader, arg))
            .collect();
        let Some(sizes) = sizes else {
            continue;
        };
        let matrix_arg = sizes.iter().any(|(c, _)| *c > 1);
        let single_scalar = sizes.len() == 1 && sizes[0] == (1, 1);
        if matrix_arg || single_scalar || (columns > 1 && sizes.len() == 1) {
            continue;
        }
        let need = columns * rows;
        let total: u32 = sizes.iter().map(|(c, r)| c * r).sum();
        let before_last: u32 = sizes[..sizes.len() - 1].iter().map(|(c, r)| c * r).sum();
        let problem = if total < need {
            Some("not enough components")
        } else if before_last >= need {
            Some("too many arguments")
        } else {
            None
        };
        if let Some(problem) = problem {
            errors.push(error_at(
                "E-DIALECT",
                format!(
                    "`{}` constructor with {problem}: it takes {need} components, the arguments give {total}",
                    t.text
                ),
                tokens[close].loc,
                "GLSL neither fills in missing components nor drops extra arguments",
            ));
        }
    }
    errors
}

/// The shape of a constructor argument, when it is certain.
fn arg_shape(reader: &Reader, range: Range<usize>) -> Option<(u32, u32)> {
    let tokens = reader.tokens;
    let mut start = range.start;
    while start < range.end && (tokens[start].is_punct("-") || tokens[start].is_punct("+")) {
        start += 1;
    }
    let first = tokens.get(start).filter(|_| start < range.end)?;
    if start + 1 == range.end
        && (matches!(first.kind, TokenKind::Int | TokenKind::Float)
            || first.is_ident("true")
            || first.is_ident("false"))
    {
        return Some((1, 1));
    }
    if first.kind != TokenKind::Ident {
        return None;
    }
    // The base: a constructor call or a variable.
    let mut k = start + 1;
    let (mut ty, mut array) = if tokens.get(k).is_some_and(|t| t.is_punct("(")) && k < range.end {
        shape(&first.text)?;
        k = items::matching_close(tokens, k, range.end)? + 1;
        (first.text.clone(), false)
    } else {
        let d = reader.types.var(&first.text)?;
        (d.ty.clone(), d.array)
    };
    let mut swizzled = None;
    while k < range.end {
        if tokens[k].is_punct("[") {
            k = items::matching_close(tokens, k, range.end)? + 1;
            if array {
                array = false;
            } else {
                let (c, r) = shape(&ty)?;
                ty = if c > 1 {
                    format!("vec{r}")
                } else if r > 1 {
                    "float".into()
                } else {
                    return None;
                };
            }
        } else if tokens[k].is_punct(".") {
            let member = tokens.get(k + 1)?;
            if array || swizzled.is_some() {
                return None;
            }
            if let Some(members) = reader.types.structs.get(&ty) {
                let d = &members.iter().find(|(n, _)| *n == member.text)?.1;
                ty = d.ty.clone();
                array = d.array;
            } else {
                let (c, _) = shape(&ty)?;
                let letters = member.text.chars().all(|ch| "xyzwrgbastpq".contains(ch));
                if c > 1 || !letters || member.text.len() > 4 {
                    return None;
                }
                swizzled = Some(member.text.len() as u32);
            }
            k += 2;
        } else {
            return None;
        }
    }
    if array {
        return None;
    }
    match swizzled {
        Some(n) => Some((1, n)),
        None => shape(&ty),
    }
}
