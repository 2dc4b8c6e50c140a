//! Calls whose arguments need a conversion GLSL ES does not make: built-ins with only
//! `float` overloads given an integer (`pow(x, 2)`), built-ins whose arguments share one
//! kind given two (`max(x, 0)`), user functions given an argument of another kind than any
//! overload declares, and `return` values of another kind than the function's. Reported
//! where glslang reports them: the call's closing parenthesis, the `return` keyword.

use std::collections::HashMap;

use super::operands::{type_kind, Kind, Reader};
use crate::diagnostic::{error_at, Diagnostic};
use crate::front::glsl::dialect::builtins::{is_builtin_function, FLOAT_ONLY, SAME_KIND_ARGS};
use crate::front::glsl::dialect::items;
use crate::front::glsl::dialect::loops::split_top;
use crate::front::glsl::preprocess::TokenKind;

/// Calls of the built-ins of [`FLOAT_ONLY`] and [`SAME_KIND_ARGS`] with an argument of the wrong kind, at the function name.
pub(super) fn builtin_arguments(reader: &Reader) -> Vec<Diagnostic> {
    let tokens = reader.tokens;
    let user = &reader.user;
    let mut errors = Vec::new();
    for (i, t) in tokens.iter().enumerate() {
        let name = t.text.as_str();
        let float_only = FLOAT_ONLY.contains(&name);
        let call = t.kind == TokenKind::Ident
            && (float_only || SAME_KIND_ARGS.contains(&name))
            && !user.contains(name)
            && !(i > 0 && tokens[i - 1].is_punct("."))
            && tokens.get(i + 1).is_some_and(|n| n.is_punct("("));
        if !call {
            continue;
        }
        let Some(close) = items::matching_close(tokens, i + 1, tokens.len()) else {
            continue;
        };
        let kinds: Vec<Kind> = split_top(tokens, i + 2..close, ",")
            .into_iter()
            .filter_map(|arg| reader.argument_kind(arg))
            .collect();
        let wrong = if float_only {
            kinds
                .iter()
                .find(|k| **k != Kind::Float)
                .map(|k| (Kind::Float, *k))
        } else {
            kinds
                .iter()
                .find(|k| Some(*k) != kinds.first())
                .map(|k| (kinds[0], *k))
        };
        if let Some((want, got)) = wrong {
            errors.push(error_at(
                "E-DIALECT",
                format!(
                    "`{name}()` with a `{}` and an `{}` argument: GLSL ES has no implicit conversions",
                    want.name(),
                    got.name()
                ),
                tokens[close].loc,
                format!(
                    "no overload of `{name}` takes these; convert the argument, e.g. `{}(...)`, or write the literal as a `{}`",
                    want.name(),
                    want.name()
                ),
            ));
        }
    }
    errors
}

/// `return` values and user function arguments of another kind than declared.
pub(super) fn user_functions(reader: &Reader) -> Vec<Diagnostic> {
    let tokens = reader.tokens;
    let Ok(all) = items::split_items(tokens) else {
        return Vec::new();
    };
    let mut errors = Vec::new();
    // name -> parameter kinds of each overload
    let mut overloads: HashMap<String, Vec<Vec<Option<Kind>>>> = HashMap::new();
    for item in &all {
        let (Some(name), Some(params)) = (
            items::function_name(tokens, item),
            items::param_range(tokens, item),
        ) else {
            continue;
        };
        let kinds: Vec<Option<Kind>> =
            if params.is_empty() || (params.len() == 1 && tokens[params.start].is_ident("void")) {
                Vec::new()
            } else {
                split_top(tokens, params, ",")
                    .into_iter()
                    .map(|p| {
                        if tokens[p.clone()].iter().any(|t| t.is_punct("[")) {
                            return None;
                        }
                        tokens[p]
                            .iter()
                            .find(|t| {
                                t.kind == TokenKind::Ident
                                    && !items::QUALIFIERS.contains(&t.text.as_str())
                                    && !items::PRECISIONS.contains(&t.text.as_str())
                            })
                            .and_then(|t| type_kind(&t.text))
                    })
                    .collect()
            };
        overloads.entry(name).or_default().push(kinds);
    }
    for item in &all {
        let items::ItemKind::Function { body, .. } = &item.kind else {
            continue;
        };
        let q = items::qualifiers(tokens, item.range.clone());
        let returns = tokens.get(q.type_start).and_then(|t| type_kind(&t.text));
        for i in body.clone() {
            let t = &tokens[i];
            if t.is_ident("return") {
                let Some(end) = (i + 1..body.end).find(|&k| tokens[k].is_punct(";")) else {
                    continue;
                };
                let value = reader.argument_kind(i + 1..end);
                if let (Some(want), Some(got)) = (returns, value) {
                    if want != got {
                        errors.push(error_at(
                            "E-DIALECT",
                            format!(
                                "returns an `{}` from a function declared to return a `{}`: GLSL ES has no implicit conversions",
                                got.name(),
                                want.name()
                            ),
                            t.loc,
                            format!("convert it: `{}(...)`", want.name()),
                        ));
                    }
                }
                continue;
            }
            let call = t.kind == TokenKind::Ident
                && tokens.get(i + 1).is_some_and(|n| n.is_punct("("))
                && !(i > 0 && tokens[i - 1].is_punct("."));
            // A user overload of a built-in name (`float mod(int, int)`) leaves the built-in
            // overloads in play: only names that are the user's alone are checked.
            let builtin_name = is_builtin_function(&t.text);
            let Some(candidates) = overloads.get(&t.text).filter(|_| call && !builtin_name) else {
                continue;
            };
            let Some(close) = items::matching_close(tokens, i + 1, body.end) else {
                continue;
            };
            let args: Vec<Option<Kind>> = if close == i + 2 {
                Vec::new()
            } else {
                split_top(tokens, i + 2..close, ",")
                    .into_iter()
                    .map(|a| reader.argument_kind(a))
                    .collect()
            };
            let mismatch = |params: &Vec<Option<Kind>>| {
                params.len() != args.len()
                    || params
                        .iter()
                        .zip(&args)
                        .any(|(p, a)| matches!((p, a), (Some(p), Some(a)) if p != a))
            };
            let wrong_kind = candidates.iter().any(|p| p.len() == args.len());
            if wrong_kind && candidates.iter().all(mismatch) {
                errors.push(error_at(
                    "E-DIALECT",
                    format!(
                        "no overload of `{}` takes arguments of these types: GLSL ES has no implicit conversions",
                        t.text
                    ),
                    tokens[close].loc,
                    "convert the argument, e.g. `float(...)`, or write the literal as a float (`2.0`)",
                ));
            }
        }
    }
    errors
}
