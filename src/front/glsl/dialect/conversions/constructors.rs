//! Vector and matrix constructors with too few or too many components: `vec4(v3)`,
//! `vec4(a, b, c, d, e)`. naga fills or drops components silently; glslang rejects both
//! ("not enough data provided for construction", "too many arguments") at the closing
//! parenthesis, and so does prism.
//!
//! Only arguments whose type is certain ([`exprs::type_of`]) are counted. A constructor with
//! any other argument, or with a matrix argument, is left alone.

use std::ops::Range;

use super::operands::Reader;
use crate::diagnostic::{error_at, Diagnostic};
use crate::front::glsl::dialect::exprs;
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

/// The shape of a constructor argument, when its type is certain ([`exprs::type_of`]).
fn arg_shape(reader: &Reader, range: Range<usize>) -> Option<(u32, u32)> {
    let declared = exprs::type_of(reader.types, reader.tokens, range)?;
    if declared.array {
        return None;
    }
    shape(&declared.ty)
}
