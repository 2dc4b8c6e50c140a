//! 16-bit floats: `float16_t`, `f16vecN`, `f16matN` / `f16matCxR` and `1.0hf` literals
//! (`GL_EXT_shader_explicit_arithmetic_types[_float16]`, `GL_AMD_gpu_shader_half_float`,
//! and `GL_EXT_shader_16bit_storage` for buffer members only).
//!
//! naga's GLSL reader parses the types, and its IR and writers have `f16`; what it lacks,
//! and what this module gives it:
//!
//! - `1.0hf` literals, which naga's lexer refuses: `float16_t(1.0)` (naga folds the
//!   conversion of a constant, so a `const float16_t` stays a constant);
//! - GLSL's implicit conversions: GLSL widens a `float16_t` operand to `float` (`h * 2.0`,
//!   `float x = h;`, a `float` parameter, a `float` return value); naga ranks `f16` above
//!   `f32` and narrows the other operand instead. [`widen`] wraps the 16-bit operand in
//!   `float(...)` / `vecN(...)` / `matN(...)` wherever the expression typer is sure of both
//!   types, and reports the implicit narrowings glslang rejects (`float16_t h = 2.0;`,
//!   `h * 2`);
//! - the built-in functions on 16-bit operands (`mix`, `clamp`, `dot`, `normalize`, ...; naga
//!   declares only `float` and `double` overloads): [`overloads`] declares the 16-bit
//!   overloads each called built-in needs, whose bodies `intrinsics::lower_f16` replaces by
//!   the 16-bit math after the parse (`packFloat2x16` / `unpackFloat2x16` keep theirs);
//! - located errors for what naga's IR cannot hold: 16-bit members of push constants (not
//!   allowed in naga's immediates) and 16-bit matrices in std140 uniform blocks (naga has no
//!   16-byte column stride for them, gfx-rs/wgpu#4375).
//!
//! GLSL ES 1.00 and 3.00 (WebGL) have no 16-bit floats: any use is an error there, as in a
//! shader that enables none of the extensions (glslang: an undeclared identifier or a syntax
//! error on that line).

mod overloads;
mod widen;

pub use overloads::MARKER;

use std::collections::HashSet;

use super::half_types::{f16_matrix, is_f16_literal, is_f16_type};
use super::items::{self, ItemKind};
use super::tokens::{self, gen, Edit};
use super::version::Dialect;
use crate::diagnostic::{error_at, Diagnostic};
use crate::front::glsl::preprocess::{Preprocessed, Token, TokenKind};

/// The extensions that declare the 16-bit float types for arithmetic.
const ARITHMETIC: &[&str] = &[
    "GL_EXT_shader_explicit_arithmetic_types_float16",
    "GL_EXT_shader_explicit_arithmetic_types",
    "GL_AMD_gpu_shader_half_float",
];

/// The extension that allows them in buffer and uniform blocks only.
const STORAGE: &str = "GL_EXT_shader_16bit_storage";

fn is_f16_token(t: &Token) -> bool {
    (t.kind == TokenKind::Ident && is_f16_type(&t.text)) || is_f16_literal(t)
}

/// The dialect rules: no 16-bit floats in WebGL, none without an extension that declares
/// them, and with `GL_EXT_shader_16bit_storage` alone only in blocks and interface
/// variables. Reported at the first use, where glslang reports it.
pub(super) fn check(pre: &Preprocessed, dialect: Dialect) -> Vec<Diagnostic> {
    let tokens = &pre.tokens;
    let Some(first) = tokens.iter().position(is_f16_token) else {
        return Vec::new();
    };
    let t = &tokens[first];
    if matches!(dialect, Dialect::Es100 | Dialect::Es3(300)) {
        return vec![error_at(
            "E-DIALECT",
            format!("`{}`: {} has no 16-bit floats", t.text, dialect.describe()),
            t.loc,
            "WebGL has no 16-bit float type; use `mediump float` for reduced precision",
        )];
    }
    let enabled: HashSet<&str> = pre
        .extensions
        .iter()
        .filter(|e| e.behavior != "disable")
        .map(|e| e.name.as_str())
        .collect();
    if ARITHMETIC.iter().any(|e| enabled.contains(e)) {
        return Vec::new();
    }
    let need = "#extension GL_EXT_shader_explicit_arithmetic_types_float16 : require";
    if !enabled.contains(STORAGE) {
        return vec![error_at(
            "E-DIALECT",
            format!(
                "`{}` needs an extension that declares 16-bit floats",
                t.text
            ),
            t.loc,
            format!("add `{need}`"),
        )];
    }
    // 16-bit storage alone: block members and interface variables, converted explicitly.
    let Ok(all) = items::split_items(tokens) else {
        return Vec::new();
    };
    for item in &all {
        let in_function = matches!(item.kind, ItemKind::Function { .. });
        let q = items::qualifiers(tokens, item.range.clone());
        let interface = q.opens_block(tokens)
            || q.words
                .iter()
                .any(|(w, _)| matches!(w.as_str(), "in" | "out" | "uniform" | "buffer"));
        let bad = item.range.clone().find(|&i| {
            is_f16_token(&tokens[i]) && (in_function || !interface || is_f16_literal(&tokens[i]))
        });
        if let Some(i) = bad {
            return vec![error_at(
                "E-DIALECT",
                format!(
                    "`{}` outside a block or interface variable: {STORAGE} allows 16-bit floats only there",
                    tokens[i].text
                ),
                tokens[i].loc,
                format!("add `{need}` for 16-bit arithmetic, or convert to `float` / `vec*`"),
            )];
        }
    }
    Vec::new()
}

/// The rewrites of the module docs; errors for what naga cannot hold.
pub(super) fn rewrite(tokens: Vec<Token>) -> Result<Vec<Token>, Vec<Diagnostic>> {
    if !tokens.iter().any(is_f16_token) {
        return Ok(tokens);
    }
    let mut errors = refuse_blocks(&tokens);
    let widened = widen::widen(&tokens);
    errors.extend(widened.errors);
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut edits = widened.edits;
    edits.extend(literals(&tokens));
    edits.extend(overloads::declare(&tokens));
    Ok(tokens::apply(tokens, edits))
}

/// `1.0hf` → `float16_t ( 1.0 )`.
fn literals(tokens: &[Token]) -> Vec<Edit> {
    tokens
        .iter()
        .enumerate()
        .filter(|(_, t)| is_f16_literal(t))
        .map(|(i, t)| {
            let value = &t.text[..t.text.len() - 2];
            Edit::replace(i..i + 1, gen(&format!("float16_t ( {value} )"), t.loc))
        })
        .collect()
}

/// Push-constant blocks with 16-bit members (naga allows no `f16` in immediates) and 16-bit
/// matrices in std140 uniform blocks (naga cannot lay them out).
fn refuse_blocks(tokens: &[Token]) -> Vec<Diagnostic> {
    let Ok(all) = items::split_items(tokens) else {
        return Vec::new();
    };
    let mut errors = Vec::new();
    for item in all.iter().filter(|i| i.kind == ItemKind::Declaration) {
        let q = items::qualifiers(tokens, item.range.clone());
        if !q.opens_block(tokens) {
            continue;
        }
        let push = q.layout("push_constant").is_some();
        let uniform = q.words.iter().any(|(w, _)| w == "uniform");
        let std140 = uniform && q.layout("std430").is_none() && q.layout("scalar").is_none();
        let Some(close) = items::matching_close(tokens, q.type_start + 1, item.range.end) else {
            continue;
        };
        for t in &tokens[q.type_start + 2..close] {
            if t.kind != TokenKind::Ident || !is_f16_type(&t.text) {
                continue;
            }
            if push {
                errors.push(error_at(
                    "E-UNSUPPORTED",
                    format!("16-bit float `{}` in a push-constant block", t.text),
                    t.loc,
                    "naga's IR allows no 16-bit types in push constants; declare it `float` / `vec*` (or pack two halves in a `uint` and use `unpackHalf2x16`)",
                ));
                break;
            }
            if std140 && f16_matrix(&t.text).is_some() {
                errors.push(error_at(
                    "E-UNSUPPORTED",
                    format!("16-bit matrix `{}` in a std140 uniform block", t.text),
                    t.loc,
                    "naga's IR cannot give a 16-bit matrix std140's 16-byte column stride; declare the columns as an `f16vec4` array, or use a std430 buffer",
                ));
            }
        }
    }
    errors
}
