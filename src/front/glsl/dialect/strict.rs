//! The rules of the dialect the user declared, which naga cannot check because it only ever
//! sees the upgraded GLSL 450.
//!
//! prism accepts WebGL shaders to show what they cost, so it must not accept a shader that a
//! browser would reject: `texture()` in WebGL 1, `gl_FragColor` in WebGL 2, derivatives
//! without their extension, a repeated function prototype or an array `==` in WebGL 1, a fragment shader without a default float precision, and the
//! storage qualifiers of the wrong GLSL generation. Each is reported at the offending token,
//! on the line glslang reports too (the cross-check tests compare them).
//!
//! Deliberately lenient (documented in the README): Vulkan GLSL with loose uniforms or
//! without locations, which prism upgrades instead of rejecting.

use std::collections::HashSet;

use super::arrays::RunKind;
use super::builtins::{ES100_SAMPLING, GLSL130_SAMPLING};
use super::exprs;
use super::items::{self, ItemKind};
use super::version::Dialect;
use crate::diagnostic::{error_at, Diagnostic};
use crate::front::glsl::preprocess::{Preprocessed, Token, TokenKind};
use crate::shader::Stage;

const DERIVATIVES: &[&str] = &["dFdx", "dFdy", "fwidth"];

/// All rule violations, in source order.
pub fn check(pre: &Preprocessed, dialect: Dialect, stage: Stage) -> Vec<Diagnostic> {
    let tokens = &pre.tokens;
    let enabled: HashSet<&str> = pre
        .extensions
        .iter()
        .filter(|e| e.behavior != "disable")
        .map(|e| e.name.as_str())
        .collect();
    let mut errors = Vec::new();
    let es100 = dialect == Dialect::Es100;
    let es3 = matches!(dialect, Dialect::Es3(_));
    let legacy_desktop = matches!(dialect, Dialect::Desktop(v) if v < 130);
    // ES 3.00 reserves them outright (`es_names`).
    let removed_attribute = matches!(dialect, Dialect::Modern(v) if v >= 420);
    // A shader may define `texture()` or `texture2D()` itself; those calls are its own.
    let user_functions = items::user_function_names(tokens);

    for (i, t) in tokens.iter().enumerate() {
        if t.kind != TokenKind::Ident
            || (i > 0 && tokens[i - 1].is_punct("."))
            || user_functions.contains(&t.text)
        {
            continue;
        }
        let call = tokens.get(i + 1).is_some_and(|n| n.is_punct("("));
        let name = t.text.as_str();
        if es100 && call && GLSL130_SAMPLING.contains(&name) {
            errors.push(error_at(
                "E-DIALECT",
                format!("`{name}()` is not in GLSL ES 1.00 (WebGL 1)"),
                t.loc,
                "WebGL 1 samples with texture2D(), texture2DProj() and textureCube()",
            ));
        }
        if es3 && call && ES100_SAMPLING.contains(&name) {
            errors.push(error_at(
                "E-DIALECT",
                format!("`{name}()` was removed in GLSL ES 3.00"),
                t.loc,
                "use texture(), textureProj() or textureLod()",
            ));
        }
        if es3 && (name == "gl_FragColor" || name == "gl_FragData") {
            errors.push(error_at(
                "E-DIALECT",
                format!("`{name}` was removed in GLSL ES 3.00"),
                t.loc,
                "declare `out vec4 fragColor;` and write to it",
            ));
        }
        if es100
            && stage == Stage::Fragment
            && call
            && DERIVATIVES.contains(&name)
            && !enabled.contains("GL_OES_standard_derivatives")
        {
            errors.push(error_at(
                "E-DIALECT",
                format!(
                    "`{name}()` needs `#extension GL_OES_standard_derivatives : enable` in WebGL 1"
                ),
                t.loc,
                "derivative used without its extension",
            ));
        }
        if es100 && name == "gl_FragDepthEXT" && !enabled.contains("GL_EXT_frag_depth") {
            errors.push(error_at(
                "E-DIALECT",
                "`gl_FragDepthEXT` needs `#extension GL_EXT_frag_depth : enable`",
                t.loc,
                "used without its extension",
            ));
        }
        if es100
            && call
            && name.ends_with("EXT")
            && name.starts_with("texture")
            && !enabled.contains("GL_EXT_shader_texture_lod")
        {
            errors.push(error_at(
                "E-DIALECT",
                format!("`{name}()` needs `#extension GL_EXT_shader_texture_lod : enable`"),
                t.loc,
                "used without its extension",
            ));
        }
    }

    errors.extend(super::gating::check(tokens, dialect, stage, &enabled));
    errors.extend(super::lexical::check(pre, dialect));

    if stage == Stage::Compute {
        // Core from GLSL 4.30 and ES 3.10; GL_ARB_compute_shader brings it to 1.40 and up.
        let extension = enabled.contains("GL_ARB_compute_shader");
        let has_compute = match dialect {
            Dialect::Es100 => false,
            Dialect::Es3(v) => v >= 310,
            Dialect::Desktop(v) => v >= 140 && extension,
            Dialect::Modern(v) => v >= 430 || extension,
        };
        if !has_compute {
            let at = pre
                .version
                .as_ref()
                .map(|v| v.loc)
                .or_else(|| tokens.first().map(|t| t.loc));
            if let Some(at) = at {
                errors.push(error_at(
                    "E-DIALECT",
                    format!("{} has no compute shaders", dialect.describe()),
                    at,
                    "compute needs `#version 310 es` or `430`, or `#extension GL_ARB_compute_shader : require`",
                ));
            }
        }
    }

    let Ok(items) = items::split_items(tokens) else {
        return errors;
    };
    errors.extend(super::es_rules::check(
        tokens, &items, dialect, stage, &enabled,
    ));
    errors.extend(super::functions::check(tokens, &items, es100 || es3));
    // The type table of the WebGL rules that need operand types, built once for both.
    let types = (es100 || es3).then(|| super::types::Types::of(tokens));
    if let (true, Some(types)) = (es100, &types) {
        errors.extend(super::prototypes::repeated_in_es100(tokens));
        errors.extend(super::typed::es100_array_equality(tokens, types));
        errors.extend(super::loops::check(tokens, &items));
    }
    if let (Dialect::Es3(300), Some(types)) = (dialect, &types) {
        errors.extend(super::es3_interface::check(tokens, &items, stage, types));
    }
    if es100 || es3 {
        errors.extend(super::es_qualifiers::check(tokens, dialect, stage));
    }
    if es100 || dialect == Dialect::Es3(300) {
        errors.extend(super::redefinitions::check(tokens, &items, dialect));
    }
    if let Some(types) = &types {
        errors.extend(super::es_exprs::check(tokens, types, dialect, stage));
        errors.extend(super::decl_rules::check(tokens, &items, dialect, stage));
        errors.extend(super::conversions::check(tokens, types));
    }
    errors.extend(assignments_to_read_only(tokens, &items));
    errors.extend(unsupported(tokens, &items));
    for item in &items {
        let range = item.range.clone();
        let first = &tokens[range.start];
        if first.is_ident("precision") {
            continue;
        }
        let q = items::qualifiers(tokens, range.clone());
        if removed_attribute {
            for word in ["attribute", "varying"] {
                if let Some(at) = q.index_of(word) {
                    errors.push(error_at(
                        "E-DIALECT",
                        format!("`{word}` was removed in {}", dialect.describe()),
                        tokens[at].loc,
                        "use `in` / `out`",
                    ));
                }
            }
        }
        if es100 || legacy_desktop {
            let block = q.opens_block(tokens);
            for word in ["in", "out"] {
                if let (Some(at), false) = (q.index_of(word), block) {
                    errors.push(error_at(
                        "E-DIALECT",
                        format!("global `{word}` variables arrived in GLSL 1.30 / ES 3.00"),
                        tokens[at].loc,
                        "this version uses `attribute` / `varying`",
                    ));
                }
            }
        }
        if stage == Stage::Compute && tokens.get(q.type_start).is_some_and(|t| !t.is_punct(";")) {
            for word in ["in", "out", "attribute", "varying"] {
                if let Some(at) = q.index_of(word) {
                    errors.push(error_at(
                        "E-DIALECT",
                        format!("a compute shader has no `{word}` variables"),
                        tokens[at].loc,
                        "compute shaders read buffers and built-ins (`gl_GlobalInvocationID`)",
                    ));
                }
            }
        }
    }
    errors.sort_by_key(|d| {
        d.labels
            .first()
            .map(|l| (l.file_id, l.range.start))
            .unwrap_or_default()
    });
    errors
}

/// Writes to uniforms and global constants. naga rejects them too, but points at the
/// declaration; the user needs the line of the write.
fn assignments_to_read_only(tokens: &[Token], items: &[items::Item]) -> Vec<Diagnostic> {
    let mut read_only: HashSet<&str> = HashSet::new();
    for item in items {
        if matches!(item.kind, ItemKind::Function { .. }) {
            continue;
        }
        let q = items::qualifiers(tokens, item.range.clone());
        let is_block = q.opens_block(tokens);
        if (q.has("uniform") || q.has("const")) && !is_block {
            // The declarator names: identifiers right before `;`, `,`, `[` or `=` at depth 0.
            let mut depth = 0i32;
            for i in q.type_start + 1..item.range.end {
                let t = &tokens[i];
                match t.text.as_str() {
                    "(" | "[" | "{" if t.kind == TokenKind::Punct => depth += 1,
                    ")" | "]" | "}" if t.kind == TokenKind::Punct => depth -= 1,
                    _ => {}
                }
                let next_ends = tokens.get(i + 1).is_some_and(|n| {
                    n.kind == TokenKind::Punct && matches!(n.text.as_str(), ";" | "," | "[" | "=")
                });
                if depth == 0 && t.kind == TokenKind::Ident && next_ends {
                    read_only.insert(t.text.as_str());
                }
            }
        }
    }
    let mut errors = Vec::new();
    for item in items {
        let ItemKind::Function { params, body, .. } = &item.kind else {
            continue;
        };
        // A parameter or local of the same name shadows the global.
        let shadowed = items::local_names(tokens, params.clone(), body.clone());
        let mut i = body.start;
        while i < body.end {
            let t = &tokens[i];
            let is_target = t.kind == TokenKind::Ident
                && read_only.contains(t.text.as_str())
                && !shadowed.contains(&t.text)
                && !(i > 0 && tokens[i - 1].is_punct("."));
            if is_target && exprs::written_at(tokens, i, body.end) {
                errors.push(error_at(
                    "E-DIALECT",
                    format!("`{}` is read-only (a uniform or constant)", t.text),
                    t.loc,
                    "written here",
                ));
            }
            i += 1;
        }
    }
    errors
}

/// Valid GLSL that prism cannot upgrade yet, reported on the user's line instead of as a
/// confusing naga error about generated code.
fn unsupported(tokens: &[Token], items: &[items::Item]) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    let runs = super::arrays::declaration_runs(tokens);
    for item in items {
        if matches!(item.kind, ItemKind::Function { .. }) {
            continue;
        }
        let range = item.range.clone();
        let q = items::qualifiers(tokens, range.clone());
        let Some(ty) = tokens.get(q.type_start) else {
            continue;
        };
        // Inputs, outputs and opaque uniforms are redeclared by the rewrites, which know one
        // array dimension only: an array of arrays among them would lose the others.
        let io = ["in", "out", "inout", "attribute", "varying"]
            .iter()
            .any(|w| q.has(w));
        let opaque = {
            let base = ty.text.strip_prefix(['i', 'u']).unwrap_or(&ty.text);
            ty.text == "atomic_uint"
                || ["sampler", "texture", "image"]
                    .iter()
                    .any(|p| base.starts_with(p))
        };
        if io || opaque {
            let here: Vec<_> = runs
                .iter()
                .filter(|r| range.contains(&r.groups[0].start))
                .collect();
            let has_type_run = here.iter().any(|r| r.kind == RunKind::Type);
            let nested = here
                .iter()
                .find(|r| r.groups.len() > 1 || (has_type_run && r.kind == RunKind::Declarator));
            if let Some(run) = nested {
                let at = &tokens[run.groups[0].start];
                errors.push(error_at(
                    "E-UNSUPPORTED",
                    if io {
                        "arrays of arrays of inputs and outputs are not supported by prism yet"
                    } else {
                        "arrays of arrays of samplers, textures and images are not supported by prism yet"
                    },
                    at.loc,
                    "use a one-dimensional array and compute the index",
                ));
                continue;
            }
        }
        if ty.is_ident("struct") {
            let combined = tokens[range.clone()].iter().find(|t| {
                t.kind == TokenKind::Ident && super::samplers::split_type(&t.text).is_some()
            });
            if let Some(t) = combined {
                errors.push(error_at(
                    "E-UNSUPPORTED",
                    "samplers inside structs are not supported by prism yet",
                    t.loc,
                    "declare the sampler as its own uniform",
                ));
            }
            continue;
        }
    }
    errors
}
