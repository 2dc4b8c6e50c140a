//! Qualifier rules of GLSL ES 1.00 and 3.00 (WebGL), which the upgrade to GLSL 450 would
//! let through, each reported on the line glslang names:
//!
//! - order (ES 1.00 §4.7, ES 3.00 §4.7; ES 3.10 relaxed it): `invariant`, then `flat` /
//!   `smooth`, then `centroid`, then the storage qualifier, then the precision qualifier;
//!   one precision qualifier, one storage qualifier (`const in` is a parameter's pair);
//! - a precision qualifier qualifies only `float`, integer and sampler types (with their
//!   vectors and matrices), not `bool`, `void` or a struct;
//! - in a fragment shader, a declaration of a `float`-based type needs a precision: its own
//!   qualifier or a `precision ... float;` statement in scope before it (ES 1.00 §4.5.3,
//!   ES 3.00 §4.5.4). Constructors need none.

use super::arrays;
use super::version::Dialect;
use crate::diagnostic::{error_at, Diagnostic};
use crate::front::glsl::preprocess::{Token, TokenKind};
use crate::shader::Stage;

/// Qualifier words of GLSL ES with their rank in the required order.
fn rank(word: &str) -> Option<u8> {
    Some(match word {
        "invariant" => 0,
        "flat" | "smooth" => 1,
        "centroid" => 2,
        "const" | "in" | "out" | "inout" | "uniform" | "attribute" | "varying" => 3,
        "highp" | "mediump" | "lowp" => 4,
        _ => return None,
    })
}

fn float_type(name: &str) -> bool {
    name == "float" || name.starts_with("vec") || (name.starts_with("mat") && name.len() <= 6)
}

/// Types a precision qualifier may qualify.
fn takes_precision(ty: &str) -> bool {
    let base = ty.strip_prefix(['i', 'u']).unwrap_or(ty);
    float_type(ty)
        || matches!(ty, "int" | "uint")
        || ty.starts_with("ivec")
        || ty.starts_with("uvec")
        || base.starts_with("sampler")
        || base.starts_with("image")
        || ty == "atomic_uint"
}

pub(super) fn check(tokens: &[Token], dialect: Dialect, stage: Stage) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    let strict_order = matches!(dialect, Dialect::Es100 | Dialect::Es3(300));
    let mut i = 0;
    while i < tokens.len() {
        let run = qualifier_run(tokens, i);
        if run.is_empty() {
            i += 1;
            continue;
        }
        let end = run.last().map_or(i, |&k| k + 1);
        errors.extend(judge_run(tokens, &run, end, strict_order));
        i = end;
    }
    if stage == Stage::Fragment {
        errors.extend(missing_float_precision(tokens));
    }
    errors
}

/// The qualifier words of the run starting at `start` (layout groups between them are
/// skipped), empty when `start` is not a qualifier word.
fn qualifier_run(tokens: &[Token], start: usize) -> Vec<usize> {
    let mut run = Vec::new();
    let mut k = start;
    while k < tokens.len() {
        let t = &tokens[k];
        if t.kind == TokenKind::Ident && rank(&t.text).is_some() && !after_dot(tokens, k) {
            run.push(k);
            k += 1;
        } else if !run.is_empty()
            && t.is_ident("layout")
            && tokens.get(k + 1).is_some_and(|n| n.is_punct("("))
        {
            match super::items::matching_close(tokens, k + 1, tokens.len()) {
                Some(close) => k = close + 1,
                None => break,
            }
        } else {
            break;
        }
    }
    run
}

fn after_dot(tokens: &[Token], k: usize) -> bool {
    k > 0 && tokens[k - 1].is_punct(".")
}

/// The first problem of one qualifier run followed (at `end`) by the type.
fn judge_run(
    tokens: &[Token],
    run: &[usize],
    end: usize,
    strict_order: bool,
) -> Option<Diagnostic> {
    let error = |at: usize, message: String, label: &str| {
        Some(error_at(
            "E-DIALECT",
            message,
            tokens[at].loc,
            label.to_string(),
        ))
    };
    let mut highest = 0u8;
    let mut precision: Option<usize> = None;
    let mut storage: Option<usize> = None;
    for &k in run {
        let word = tokens[k].text.as_str();
        let r = rank(word).unwrap_or(0);
        if r == 4 {
            if precision.is_some() {
                return error(
                    k,
                    format!("a second precision qualifier `{word}`"),
                    "only one precision qualifier is allowed",
                );
            }
            precision = Some(k);
        }
        if r == 3 {
            if let Some(s) = storage {
                let pair = tokens[s].is_ident("const") && word == "in";
                if !pair {
                    return error(
                        k,
                        format!("a second storage qualifier `{word}`"),
                        "only one storage qualifier is allowed (`const in` on a parameter)",
                    );
                }
            }
            storage = Some(k);
        }
        if strict_order && r < highest {
            let rule = match r {
                0 => "`invariant` comes before every other qualifier",
                1 => "`flat` / `smooth` come before `centroid`, the storage and the precision qualifier",
                2 => "`centroid` comes right before the storage qualifier",
                _ => "the precision qualifier comes last",
            };
            let at = if highest == 4 {
                precision.unwrap_or(k)
            } else {
                k
            };
            return error(
                at,
                format!("qualifiers out of order: {rule}"),
                "GLSL ES 1.00 and 3.00 fix the order of qualifiers",
            );
        }
        highest = highest.max(r);
    }
    let ty = tokens.get(end)?;
    let qualifies =
        ty.kind == TokenKind::Ident && !takes_precision(&ty.text) && rank(&ty.text).is_none();
    if let (Some(_), true) = (precision, qualifies) {
        let what = if arrays::is_builtin_type(&ty.text) || ty.text == "void" {
            format!("`{}`", ty.text)
        } else {
            format!("the structure `{}`", ty.text)
        };
        return error(
            end,
            format!("{what} cannot have a precision qualifier"),
            "precision qualifies float, integer and sampler types only",
        );
    }
    None
}

/// The first declaration of a `float`-based type, in a fragment shader, without a precision
/// qualifier and with no `precision ... float;` in scope.
fn missing_float_precision(tokens: &[Token]) -> Option<Diagnostic> {
    // One entry per open `{`: whether a float default precision is in scope there.
    let mut scopes = vec![false];
    for (i, t) in tokens.iter().enumerate() {
        if t.is_punct("{") {
            let inherited = scopes.last().copied().unwrap_or(false);
            scopes.push(inherited);
            continue;
        }
        if t.is_punct("}") {
            if scopes.len() > 1 {
                scopes.pop();
            }
            continue;
        }
        if t.is_ident("precision") {
            if tokens.get(i + 2).is_some_and(|n| n.is_ident("float")) {
                if let Some(s) = scopes.last_mut() {
                    *s = true;
                }
            }
            continue;
        }
        if t.kind != TokenKind::Ident || !float_type(&t.text) || after_dot(tokens, i) {
            continue;
        }
        // A declaration: the type is followed by a name (or an array size, then a name).
        let mut next = i + 1;
        if tokens.get(next).is_some_and(|n| n.is_punct("[")) {
            next = super::items::matching_close(tokens, next, tokens.len()).map_or(next, |c| c + 1);
        }
        let declares = tokens
            .get(next)
            .is_some_and(|n| n.kind == TokenKind::Ident && rank(&n.text).is_none());
        if !declares || i > 0 && tokens[i - 1].is_ident("precision") {
            continue;
        }
        let qualified = tokens[..i]
            .iter()
            .rev()
            .take_while(|p| p.kind == TokenKind::Ident && rank(&p.text).is_some())
            .any(|p| rank(&p.text) == Some(4));
        if !qualified && !scopes.last().copied().unwrap_or(false) {
            return Some(error_at(
                "E-DIALECT",
                format!("no default precision for `float` in a GLSL ES fragment shader, and `{}` has none", t.text),
                t.loc,
                "add `precision mediump float;` at the top, or qualify this declaration",
            ));
        }
    }
    None
}
