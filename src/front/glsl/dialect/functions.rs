//! Rules on function declarations that naga reports without a line, or not at all, each
//! reported where glslang reports it:
//!
//! - `main` returns `void` and takes no parameters (every dialect);
//! - an opaque parameter (sampler, texture, image) is not `out` or `inout` (every dialect);
//! - the declarations of one function (a prototype and its definition) agree on the return
//!   type and on each parameter's `in` / `out` / `inout` (every dialect);
//! - GLSL ES has no function declarations inside a function body;
//! - a `const` parameter is not written (every dialect).

use std::collections::HashMap;
use std::ops::Range;

use super::exprs;
use super::items::{self, ItemKind};
use super::loops::split_top;
use crate::diagnostic::{error_at, Diagnostic};
use crate::front::glsl::preprocess::{Token, TokenKind};

fn opaque(ty: &str) -> bool {
    let base = ty.strip_prefix(['i', 'u']).unwrap_or(ty);
    ["sampler", "texture", "image", "subpassInput"]
        .iter()
        .any(|p| base.starts_with(p))
        || ty == "sampler"
        || ty == "atomic_uint"
}

/// A function's name and parameter types, which tell its overloads apart.
type Signature = (String, Vec<String>);

/// One parameter: its direction (`in`, `out`, `inout`), its type, and where it starts.
struct Param {
    direction: &'static str,
    ty: String,
    ty_at: usize,
}

fn params(tokens: &[Token], range: Range<usize>) -> Vec<Param> {
    if range.len() == 1 && tokens[range.start].is_ident("void") {
        return Vec::new();
    }
    let mut out = Vec::new();
    for part in split_top(tokens, range, ",") {
        let mut direction = "in";
        let mut k = part.start;
        while k < part.end && items::QUALIFIERS.contains(&tokens[k].text.as_str()) {
            match tokens[k].text.as_str() {
                "out" => direction = "out",
                "inout" => direction = "inout",
                _ => {}
            }
            k += 1;
        }
        if k >= part.end {
            continue;
        }
        // The type, with any array size after it or after the name.
        let mut ty = tokens[k].text.clone();
        for t in &tokens[k + 1..part.end] {
            if t.kind != TokenKind::Ident {
                ty.push_str(&t.text);
            }
        }
        out.push(Param {
            direction,
            ty,
            ty_at: k,
        });
    }
    out
}

/// The return type of the function declared by `item` (qualifiers skipped), as text.
fn return_type(tokens: &[Token], item: &items::Item, params: &Range<usize>) -> String {
    let q = items::qualifiers(tokens, item.range.start..params.start);
    let name = params.start.saturating_sub(2);
    tokens[q.type_start.min(name)..name]
        .iter()
        .map(|t| t.text.as_str())
        .collect()
}

pub(super) fn check(tokens: &[Token], items: &[items::Item], es: bool) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    // (name, parameter types) → (return type, directions) of the first declaration.
    let mut seen: HashMap<Signature, (String, Vec<&'static str>)> = HashMap::new();
    for item in items {
        let Some(range) = items::param_range(tokens, item) else {
            continue;
        };
        let Some(name_at) = range.start.checked_sub(2) else {
            continue;
        };
        let name = &tokens[name_at];
        let ps = params(tokens, range.clone());
        let ret = return_type(tokens, item, &range);
        for p in &ps {
            if p.direction != "in" && opaque(&tokens[p.ty_at].text) {
                errors.push(error_at(
                    "E-DIALECT",
                    format!(
                        "a `{}` parameter cannot be `{}`",
                        tokens[p.ty_at].text, p.direction
                    ),
                    tokens[p.ty_at].loc,
                    "samplers, textures and images are passed `in` only",
                ));
            }
        }
        if name.is_ident("main") {
            if ret != "void" {
                let at = items::qualifiers(tokens, item.range.clone()).type_start;
                errors.push(error_at(
                    "E-DIALECT",
                    "`main` cannot return a value",
                    tokens[at].loc,
                    "declare it `void main()`",
                ));
            } else if !ps.is_empty() {
                errors.push(error_at(
                    "E-DIALECT",
                    "`main` cannot take parameters",
                    name.loc,
                    "declare it `void main()`",
                ));
            }
        }
        let key = (
            name.text.clone(),
            ps.iter().map(|p| p.ty.clone()).collect::<Vec<_>>(),
        );
        let directions: Vec<&'static str> = ps.iter().map(|p| p.direction).collect();
        match seen.get(&key) {
            Some((first_ret, _)) if *first_ret != ret => errors.push(error_at(
                "E-DIALECT",
                format!(
                    "`{}` is declared returning `{first_ret}` and here `{ret}`",
                    name.text
                ),
                name.loc,
                "overloads differ in their parameters; declarations of one function agree on the return type",
            )),
            Some((_, first)) => {
                if let Some(k) = (0..first.len()).find(|&k| first[k] != directions[k]) {
                    let p = &ps[k];
                    errors.push(error_at(
                        "E-DIALECT",
                        format!(
                            "parameter {} of `{}` is `{}` here but `{}` where it was first declared",
                            k + 1,
                            name.text,
                            p.direction,
                            first[k]
                        ),
                        tokens[p.ty_at].loc,
                        "the prototype and the definition must qualify each parameter alike",
                    ));
                }
            }
            None => {
                seen.insert(key, (ret, directions));
            }
        }
        if let ItemKind::Function { body, .. } = &item.kind {
            if es {
                errors.extend(local_declarations(tokens, body.clone()));
            }
            errors.extend(const_parameter_writes(tokens, range.clone(), body.clone()));
        }
    }
    errors
}

/// `float f(float x);` inside a function body.
fn local_declarations(tokens: &[Token], body: Range<usize>) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    let mut statement_start = true;
    for i in body.clone() {
        let t = &tokens[i];
        let declares = statement_start
            && t.kind == TokenKind::Ident
            && !matches!(t.text.as_str(), "return" | "else" | "case" | "default")
            && tokens
                .get(i + 1)
                .is_some_and(|n| n.kind == TokenKind::Ident)
            && tokens.get(i + 2).is_some_and(|n| n.is_punct("("))
            && i + 2 < body.end;
        if declares {
            let close = items::matching_close(tokens, i + 2, body.end);
            if close.is_some_and(|c| tokens.get(c + 1).is_some_and(|n| n.is_punct(";"))) {
                errors.push(error_at(
                    "E-DIALECT",
                    format!(
                        "`{}`: GLSL ES declares functions only at global scope",
                        tokens[i + 1].text
                    ),
                    tokens[i + 1].loc,
                    "move the prototype above the function",
                ));
            }
        }
        statement_start = t.is_punct(";") || t.is_punct("{") || t.is_punct("}");
    }
    errors
}

/// Writes to a `const` parameter in the body (left alone when the body declares a variable
/// of the same name, which may hide it).
fn const_parameter_writes(
    tokens: &[Token],
    params: Range<usize>,
    body: Range<usize>,
) -> Vec<Diagnostic> {
    let mut consts = Vec::new();
    for part in split_top(tokens, params, ",") {
        let constant = tokens[part.clone()].iter().any(|t| t.is_ident("const"));
        let name = tokens[part]
            .iter()
            .rev()
            .find(|t| t.kind == TokenKind::Ident && !items::QUALIFIERS.contains(&t.text.as_str()));
        if let (true, Some(name)) = (constant, name) {
            consts.push(name.text.as_str());
        }
    }
    if consts.is_empty() {
        return Vec::new();
    }
    let locals = items::local_names(tokens, 0..0, body.clone());
    let mut errors = Vec::new();
    for i in body.clone() {
        let t = &tokens[i];
        if !consts.contains(&t.text.as_str())
            || locals.contains(&t.text)
            || (i > 0 && tokens[i - 1].is_punct("."))
        {
            continue;
        }
        if exprs::written_at(tokens, i, body.end) {
            errors.push(error_at(
                "E-DIALECT",
                format!("`{}` is a `const` parameter and cannot be written", t.text),
                t.loc,
                "drop `const`, or copy it into a local variable",
            ));
        }
    }
    errors
}
