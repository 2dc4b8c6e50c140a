//! Declaration rules of GLSL ES (1.00 and 3.00) that naga does not check once the shader is
//! upgraded to GLSL 450, each reported on the line glslang names:
//!
//! - a `const` variable's initializer must be a constant expression (no uniform, input,
//!   variable, parameter or user function call): GLSL 4.20+ relaxed this for locals, GLSL ES
//!   did not;
//! - uniforms have no initializers in GLSL ES (prism accepts them in desktop GLSL), nor
//!   have inputs and outputs; a plain global's initializer is a constant expression in
//!   ES 3.00 (ES 1.00 shaders are let off, as ANGLE lets them off with a warning);
//! - interface variables of struct type: no struct attributes or varyings in ES 1.00, no
//!   struct (or array) vertex inputs and no struct fragment outputs in ES 3.00;
//! - in ES 3.00 only `sampler2D` and `samplerCube` have a default precision: every other
//!   sampler type (`sampler3D`, `sampler2DShadow`, `isampler2D`, ...) needs a precision
//!   qualifier or a `precision` statement before it is declared.

use std::collections::HashSet;

use super::es_names::SAMPLER_KEYWORDS;
use super::items::{self, ItemKind};
use super::loops::{const_names, is_constant, split_top};
use super::version::Dialect;
use crate::diagnostic::{error_at, Diagnostic};
use crate::front::glsl::preprocess::{Token, TokenKind};
use crate::shader::Stage;

/// ES 3.00 sampler types without a default precision: all but `sampler2D` and `samplerCube`.
fn no_default_precision(ty: &str) -> bool {
    SAMPLER_KEYWORDS[2..].contains(&ty)
}

/// The rules of the module docs, for a GLSL ES shader whose items split.
pub(super) fn check(
    tokens: &[Token],
    items: &[items::Item],
    dialect: Dialect,
    stage: Stage,
) -> Vec<Diagnostic> {
    let mut errors = const_initializers(tokens);
    let structs: HashSet<&str> = tokens
        .windows(3)
        .filter(|w| w[0].is_ident("struct") && w[1].kind == TokenKind::Ident && w[2].is_punct("{"))
        .map(|w| w[1].text.as_str())
        .collect();
    for item in items {
        if item.kind != ItemKind::Declaration || items::param_range(tokens, item).is_some() {
            continue;
        }
        let q = items::qualifiers(tokens, item.range.clone());
        if q.opens_block(tokens) {
            continue;
        }
        if q.has("uniform") {
            if let Some(name) = initialized_name(tokens, q.type_start + 1..item.range.end) {
                errors.push(error_at(
                    "E-DIALECT",
                    format!(
                        "uniform `{}` has an initializer: GLSL ES uniforms cannot be initialized",
                        name.text
                    ),
                    name.loc,
                    "set its value from the API instead",
                ));
            }
        }
        let io = ["in", "out", "attribute", "varying"]
            .into_iter()
            .find(|w| q.has(w));
        if let Some(word) = io {
            if let Some(name) = initialized_name(tokens, q.type_start + 1..item.range.end) {
                errors.push(error_at(
                    "E-DIALECT",
                    format!("`{word}` variable `{}` has an initializer", name.text),
                    name.loc,
                    "inputs and outputs cannot be initialized; assign in `main` instead",
                ));
            }
        }
        let plain_global = io.is_none() && !q.has("uniform") && !q.has("const");
        if plain_global && matches!(dialect, Dialect::Es3(_)) {
            errors.extend(global_initializers(
                tokens,
                q.type_start + 1..item.range.end,
            ));
        }
        errors.extend(interface_structs(
            tokens, &q, item, &structs, dialect, stage,
        ));
    }
    if dialect == Dialect::Es3(300) {
        errors.extend(sampler_precision(tokens));
    }
    errors.extend(precision_statements(tokens, items));
    errors.extend(struct_redefinitions(tokens));
    if matches!(dialect, Dialect::Es100 | Dialect::Es3(300)) {
        errors.extend(struct_bodies(tokens));
    }
    errors
}

/// Inside struct and block bodies: no struct definition (GLSL ES 1.00 §4.1.8, ES 3.00
/// §4.1.8 and §4.3.7) and no array without a size (ES 3.10 buffer blocks have one; WebGL
/// has no buffer blocks).
fn struct_bodies(tokens: &[Token]) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    for (i, t) in tokens.iter().enumerate() {
        let opens = (t.is_ident("struct")
            || t.is_ident("uniform")
            || t.is_ident("in")
            || t.is_ident("out")
            || t.is_ident("buffer"))
            && tokens
                .get(i + 1)
                .is_some_and(|n| n.kind == TokenKind::Ident)
            && tokens.get(i + 2).is_some_and(|n| n.is_punct("{"));
        let anonymous_struct =
            t.is_ident("struct") && tokens.get(i + 1).is_some_and(|n| n.is_punct("{"));
        let open = if anonymous_struct { i + 1 } else { i + 2 };
        if !(opens || anonymous_struct) {
            continue;
        }
        let Some(close) = items::matching_close(tokens, open, tokens.len()) else {
            continue;
        };
        let nested = (open + 1..close).find(|&k| tokens[k].is_ident("struct"));
        if let Some(k) = nested {
            errors.push(error_at(
                "E-DIALECT",
                "a structure cannot be defined inside a structure or block in GLSL ES",
                tokens[k].loc,
                "define it at global scope and use its name here",
            ));
        }
        let sizeless =
            (open + 1..close).find(|&k| tokens[k].is_punct("[") && tokens[k + 1].is_punct("]"));
        if let Some(k) = sizeless {
            errors.push(error_at(
                "E-DIALECT",
                "a member array needs a size",
                tokens[k].loc,
                "write the number of elements between the brackets",
            ));
        }
    }
    errors
}

/// `precision highp vec4;`: a precision statement names `float`, `int` or a sampler type.
fn precision_statements(tokens: &[Token], items: &[items::Item]) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    for item in items {
        if !tokens[item.range.start].is_ident("precision") {
            continue;
        }
        let Some(ty) = tokens.get(item.range.start + 2) else {
            continue;
        };
        let sampler = ["sampler", "isampler", "usampler"]
            .iter()
            .any(|p| ty.text.starts_with(p));
        if ty.kind == TokenKind::Ident && !(ty.is_ident("float") || ty.is_ident("int") || sampler) {
            errors.push(error_at(
                "E-DIALECT",
                format!(
                    "a precision statement cannot name `{}`: only `float`, `int` and sampler types",
                    ty.text
                ),
                ty.loc,
                "write `precision mediump float;` (vectors and matrices follow their component type)",
            ));
        }
    }
    errors
}

/// A global struct name defined twice.
fn struct_redefinitions(tokens: &[Token]) -> Vec<Diagnostic> {
    let mut seen = HashSet::new();
    let mut errors = Vec::new();
    let mut depth = 0i32;
    for (i, t) in tokens.iter().enumerate() {
        match t.text.as_str() {
            "{" if t.kind == TokenKind::Punct => depth += 1,
            "}" if t.kind == TokenKind::Punct => depth -= 1,
            _ => {}
        }
        let defines = depth == 0
            && t.is_ident("struct")
            && tokens.get(i + 2).is_some_and(|n| n.is_punct("{"));
        let Some(name) = tokens
            .get(i + 1)
            .filter(|n| defines && n.kind == TokenKind::Ident)
        else {
            continue;
        };
        if !seen.insert(name.text.as_str()) {
            errors.push(error_at(
                "E-DIALECT",
                format!("struct `{}` is defined twice", name.text),
                name.loc,
                "rename one of them",
            ));
        }
    }
    errors
}

/// The name of the first declarator with an `=` in `range` (a declaration after its type).
fn initialized_name(tokens: &[Token], range: std::ops::Range<usize>) -> Option<&Token> {
    split_top(tokens, range, ",").into_iter().find_map(|part| {
        let eq = part.clone().find(|&i| tokens[i].is_punct("="))?;
        part.clone()
            .take_while(|&i| i < eq)
            .find(|&i| tokens[i].kind == TokenKind::Ident)
            .map(|i| &tokens[i])
    })
}

/// Initializers of plain global variables that are not constant expressions (GLSL ES 3.00
/// requires them; ANGLE lets ES 1.00 shaders off with a warning, so prism does too).
fn global_initializers(tokens: &[Token], range: std::ops::Range<usize>) -> Vec<Diagnostic> {
    let consts = const_names(tokens);
    let user = items::user_function_names(tokens);
    let mut errors = Vec::new();
    for part in split_top(tokens, range, ",") {
        let Some(eq) = part.clone().find(|&k| tokens[k].is_punct("=")) else {
            continue;
        };
        let end = if tokens[part.end - 1].is_punct(";") {
            part.end - 1
        } else {
            part.end
        };
        if is_constant(tokens, eq + 1..end, &consts, &user) {
            continue;
        }
        let name = declarator_name(tokens, part.start, eq);
        errors.push(error_at(
            "E-DIALECT",
            format!(
                "global `{}` is initialized with an expression that is not constant",
                name.text
            ),
            name.loc,
            "GLSL ES 3.00 needs a constant expression here: assign it at the start of `main`",
        ));
    }
    errors
}

/// `const` declarations (global or local, not parameters) whose initializer is not a
/// constant expression, reported at the declared name.
fn const_initializers(tokens: &[Token]) -> Vec<Diagnostic> {
    let consts = const_names(tokens);
    let user = items::user_function_names(tokens);
    let mut errors = Vec::new();
    for (i, t) in tokens.iter().enumerate() {
        let parameter = i > 0 && (tokens[i - 1].is_punct("(") || tokens[i - 1].is_punct(","));
        if !t.is_ident("const") || parameter {
            continue;
        }
        // Up to the `;` at this depth.
        let mut end = i + 1;
        let mut depth = 0i32;
        while end < tokens.len() {
            let u = &tokens[end];
            match u.text.as_str() {
                "(" | "[" | "{" if u.kind == TokenKind::Punct => depth += 1,
                ")" | "]" | "}" if u.kind == TokenKind::Punct => {
                    depth -= 1;
                    if depth < 0 {
                        break;
                    }
                }
                ";" if u.kind == TokenKind::Punct && depth == 0 => break,
                _ => {}
            }
            end += 1;
        }
        for part in split_top(tokens, i + 1..end, ",") {
            let Some(eq) = part.clone().find(|&k| tokens[k].is_punct("=")) else {
                // `const float k;`: the last identifier is the name (the first part also
                // holds the type).
                let name = part
                    .clone()
                    .rev()
                    .find(|&k| tokens[k].kind == TokenKind::Ident)
                    .filter(|&k| !tokens.get(k + 1).is_some_and(|n| n.is_punct("(")));
                if let Some(k) = name {
                    errors.push(error_at(
                        "E-DIALECT",
                        format!("`const` `{}` has no initializer", tokens[k].text),
                        tokens[k].loc,
                        "a `const` variable must be initialized where it is declared",
                    ));
                }
                continue;
            };
            if is_constant(tokens, eq + 1..part.end, &consts, &user) {
                continue;
            }
            let name = declarator_name(tokens, part.start, eq);
            errors.push(error_at(
                "E-DIALECT",
                format!(
                    "`const` `{}` is initialized with an expression that is not constant",
                    name.text
                ),
                name.loc,
                "GLSL ES needs a constant expression here: drop `const`, or use only literals and constants",
            ));
        }
    }
    errors
}

/// Struct-typed (and, for ES 3.00 vertex inputs, array) interface variables.
fn interface_structs(
    tokens: &[Token],
    q: &items::Qualifiers,
    item: &items::Item,
    structs: &HashSet<&str>,
    dialect: Dialect,
    stage: Stage,
) -> Vec<Diagnostic> {
    let Some(ty) = tokens.get(q.type_start) else {
        return Vec::new();
    };
    let is_struct = ty.is_ident("struct") || structs.contains(ty.text.as_str());
    let es100 = dialect == Dialect::Es100;
    let vertex_input = stage == Stage::Vertex && (q.has("attribute") || (!es100 && q.has("in")));
    let what = if es100 && q.has("varying") {
        Some("a varying")
    } else if vertex_input {
        Some("a vertex shader input")
    } else if !es100 && stage == Stage::Fragment && q.has("out") {
        Some("a fragment shader output")
    } else {
        None
    };
    let Some(what) = what else {
        return Vec::new();
    };
    if is_struct {
        return vec![error_at(
            "E-DIALECT",
            format!("{what} cannot be a structure in {}", dialect.describe()),
            ty.loc,
            "declare one variable per member",
        )];
    }
    let array = (q.type_start + 1..item.range.end).any(|k| tokens[k].is_punct("["));
    if vertex_input && !es100 && array {
        return vec![error_at(
            "E-DIALECT",
            format!(
                "a vertex shader input cannot be an array in {}",
                dialect.describe()
            ),
            ty.loc,
            "declare one input per element",
        )];
    }
    Vec::new()
}

/// ES 3.00 sampler declarations (variables and parameters) without a precision, where no
/// `precision` statement for the type came before.
fn sampler_precision(tokens: &[Token]) -> Vec<Diagnostic> {
    let mut defaults: HashSet<&str> = HashSet::new();
    let mut errors = Vec::new();
    for (i, t) in tokens.iter().enumerate() {
        if t.is_ident("precision") {
            if let Some(ty) = tokens.get(i + 2) {
                defaults.insert(ty.text.as_str());
            }
            continue;
        }
        let declares = t.kind == TokenKind::Ident
            && no_default_precision(&t.text)
            && tokens
                .get(i + 1)
                .is_some_and(|n| n.kind == TokenKind::Ident)
            && !(i > 0 && tokens[i - 1].is_ident("precision"));
        if !declares || defaults.contains(t.text.as_str()) {
            continue;
        }
        // The qualifiers before the type: words and `layout(...)` groups.
        let mut k = i;
        let mut qualified = false;
        while k > 0 {
            let p = &tokens[k - 1];
            if p.kind == TokenKind::Ident {
                qualified |= items::PRECISIONS.contains(&p.text.as_str());
                k -= 1;
            } else if p.is_punct(")") {
                // a layout group: skip back to its `(` and the `layout` word
                let Some(open) = (0..k - 1).rev().find(|&j| tokens[j].is_punct("(")) else {
                    break;
                };
                if open == 0 || !tokens[open - 1].is_ident("layout") {
                    break;
                }
                k = open - 1;
            } else {
                break;
            }
        }
        if !qualified {
            errors.push(error_at(
                "E-DIALECT",
                format!(
                    "`{}` has no default precision in GLSL ES 3.00 (WebGL 2)",
                    t.text
                ),
                t.loc,
                format!(
                    "qualify it (`highp {}`) or add `precision highp {};` before it",
                    t.text, t.text
                ),
            ));
        }
    }
    errors
}

/// Where an error about the initializer of a declarator (from `start`, its `=` at `eq`) is
/// reported: its last identifier before the `=`, or the `=` when there is none.
fn declarator_name(tokens: &[Token], start: usize, eq: usize) -> &Token {
    (start..eq)
        .rev()
        .find(|&k| tokens[k].kind == TokenKind::Ident)
        .map_or(&tokens[eq], |k| &tokens[k])
}
