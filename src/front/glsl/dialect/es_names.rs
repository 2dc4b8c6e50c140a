//! Reserved words and reserved names of GLSL ES 1.00 and 3.00, each reported on the line
//! glslang names where glslang rejects it:
//!
//! - reserved words (GLSL ES 1.00 §3.7, ES 3.00 §3.8, as glslang reserves them: it also
//!   reserves `common`, `partition`, `active`, `filter` and `samplerCubeArray` in ES 1.00,
//!   and a few later keywords in ES 3.00); `attribute` and `varying` in ES 3.00;
//! - declared names (variables, parameters, functions, structs, blocks) starting with `gl_`;
//!   a function's is reported at its first call, where glslang reports it (ANGLE rejects
//!   the declaration itself), or at its declaration when it is never called;
//! - a sampler keyword used as a name (`float sampler2D;`);
//! - names containing `__`, or starting with `webgl_` or `_webgl_`: glslang rejects the first
//!   in ES 1.00 only, but browsers (ANGLE) reject all three in WebGL 1 and 2 alike, and prism
//!   follows the browsers.

use std::collections::HashSet;

use super::items::{self, ItemKind};
use super::version::Dialect;
use crate::diagnostic::{error_at, Diagnostic};
use crate::front::glsl::preprocess::{Token, TokenKind};

/// Reserved in GLSL ES 1.00 and 3.00 alike.
const RESERVED_ALL_ES: &[&str] = &[
    "asm",
    "class",
    "union",
    "enum",
    "typedef",
    "template",
    "this",
    "goto",
    "inline",
    "noinline",
    "volatile",
    "public",
    "static",
    "extern",
    "external",
    "interface",
    "long",
    "short",
    "double",
    "half",
    "fixed",
    "unsigned",
    "superp",
    "input",
    "output",
    "hvec2",
    "hvec3",
    "hvec4",
    "dvec2",
    "dvec3",
    "dvec4",
    "fvec2",
    "fvec3",
    "fvec4",
    "sampler1D",
    "sampler1DShadow",
    "sampler2DRect",
    "sampler3DRect",
    "sampler2DRectShadow",
    "sizeof",
    "cast",
    "namespace",
    "using",
    "common",
    "partition",
    "active",
    "filter",
    "samplerCubeArray",
];

/// Reserved in GLSL ES 1.00 only (keywords of ES 3.00).
const RESERVED_ES100: &[&str] = &["packed", "switch", "default", "flat"];

/// Reserved in GLSL ES 3.00 only (keywords of ES 3.10 or desktop GLSL).
const RESERVED_ES300: &[&str] = &[
    "coherent",
    "restrict",
    "readonly",
    "writeonly",
    "resource",
    "atomic_uint",
    "noperspective",
    "patch",
    "sample",
    "subroutine",
    "image1D",
    "image2D",
    "image3D",
    "imageCube",
    "iimage1D",
    "iimage2D",
    "iimage3D",
    "iimageCube",
    "uimage1D",
    "uimage2D",
    "uimage3D",
    "uimageCube",
    "image1DArray",
    "image2DArray",
    "iimage1DArray",
    "iimage2DArray",
    "uimage1DArray",
    "uimage2DArray",
    "imageBuffer",
    "iimageBuffer",
    "uimageBuffer",
    "sampler1DArray",
    "sampler1DArrayShadow",
    "isampler1D",
    "isampler1DArray",
    "usampler1D",
    "usampler1DArray",
    "isampler2DRect",
    "usampler2DRect",
    "samplerBuffer",
    "isamplerBuffer",
    "usamplerBuffer",
    "sampler2DMS",
    "isampler2DMS",
    "usampler2DMS",
    "sampler2DMSArray",
    "isampler2DMSArray",
    "usampler2DMSArray",
    "dmat2",
    "dmat3",
    "dmat4",
    // Keywords of glslang's Vulkan memory model and of later sampler and image types,
    // which glslang reserves in ES 3.00 although the specification does not list them.
    "devicecoherent",
    "queuefamilycoherent",
    "workgroupcoherent",
    "subgroupcoherent",
    "shadercallcoherent",
    "nonprivate",
    "isamplerCubeArray",
    "usamplerCubeArray",
    "samplerCubeArrayShadow",
    "image2DRect",
    "iimage2DRect",
    "uimage2DRect",
];

/// Removed from GLSL ES 3.00 and reserved there, as qualifiers and as names alike.
const REMOVED_ES300: &[&str] = &["attribute", "varying"];

/// The sampler types that are keywords of GLSL ES 3.00 (ES 1.00: the first two), which
/// prism's sampler rewrite would otherwise take as names. The first two have a default
/// precision in ES 3.00 fragment shaders, the others none (`decl_rules`).
pub(super) const SAMPLER_KEYWORDS: &[&str] = &[
    "sampler2D",
    "samplerCube",
    "sampler3D",
    "samplerCubeShadow",
    "sampler2DShadow",
    "sampler2DArray",
    "sampler2DArrayShadow",
    "isampler2D",
    "isampler3D",
    "isamplerCube",
    "isampler2DArray",
    "usampler2D",
    "usampler3D",
    "usamplerCube",
    "usampler2DArray",
];

/// Whether `word` is reserved in `dialect` (with the extensions `enabled`).
pub(super) fn is_reserved(word: &str, dialect: Dialect, enabled: &HashSet<&str>) -> bool {
    match dialect {
        Dialect::Es100 => {
            RESERVED_ALL_ES.contains(&word)
                || RESERVED_ES100.contains(&word)
                || (word == "sampler3D" && !enabled.contains("GL_OES_texture_3D"))
                || (word == "sampler2DShadow" && !enabled.contains("GL_EXT_shadow_samplers"))
        }
        Dialect::Es3(300) => {
            RESERVED_ALL_ES.contains(&word)
                || RESERVED_ES300.contains(&word)
                || REMOVED_ES300.contains(&word)
        }
        Dialect::Es3(_) => RESERVED_ALL_ES.contains(&word) && word != "samplerCubeArray",
        _ => false,
    }
}

/// The label of a reserved word's error.
pub(super) fn reserved_label(word: &str) -> &'static str {
    if REMOVED_ES300.contains(&word) {
        "removed in GLSL ES 3.00: use `in` / `out`"
    } else {
        "reserved"
    }
}

/// Every name the shader declares: variables, parameters, locals, struct and block names,
/// instance names; and separately the function names.
fn declared_names(tokens: &[Token], items: &[items::Item]) -> (HashSet<String>, HashSet<String>) {
    let mut declared: HashSet<String> = HashSet::new();
    let functions: HashSet<String> = items::user_function_names(tokens);
    for item in items {
        match &item.kind {
            ItemKind::Function { params, body, .. } => {
                declared.extend(items::local_names(tokens, params.clone(), body.clone()));
            }
            ItemKind::Declaration => {
                if let Some(params) = items::param_range(tokens, item) {
                    declared.extend(items::local_names(tokens, params, 0..0));
                    continue;
                }
                let q = items::qualifiers(tokens, item.range.clone());
                if tokens
                    .get(q.type_start)
                    .is_some_and(|t| t.is_ident("precision"))
                {
                    continue;
                }
                // `struct S { ... } s;`: the struct's name, then the declarators after the body.
                let mut from = q.type_start + 1;
                if tokens
                    .get(q.type_start)
                    .is_some_and(|t| t.is_ident("struct"))
                {
                    if let Some(name) = tokens.get(from).filter(|t| t.kind == TokenKind::Ident) {
                        declared.insert(name.text.clone());
                        from += 1;
                    }
                } else if q.opens_block(tokens) {
                    declared.insert(tokens[q.type_start].text.clone());
                }
                declared.extend(
                    items::declarators(tokens, from, item.range.end)
                        .into_iter()
                        .map(|(name, _)| name),
                );
            }
        }
    }
    (declared, functions)
}

/// Declared names that are reserved (see the module docs). `webgl`: the shader is GLSL ES
/// 1.00 or 3.00, where browsers add their own reserved names.
pub(super) fn reserved_names(
    tokens: &[Token],
    items: &[items::Item],
    dialect: Dialect,
) -> Vec<Diagnostic> {
    let webgl = matches!(dialect, Dialect::Es100 | Dialect::Es3(300));
    let samplers = match dialect {
        Dialect::Es100 => &SAMPLER_KEYWORDS[..2],
        _ => SAMPLER_KEYWORDS,
    };
    let (declared, functions) = declared_names(tokens, items);
    let why = |name: &str| {
        if name.starts_with("gl_") {
            Some("names starting with `gl_` are reserved")
        } else if samplers.contains(&name) {
            Some("this is a sampler type, not a name")
        } else if webgl && name.contains("__") {
            Some("names containing `__` are reserved in WebGL")
        } else if webgl && (name.starts_with("webgl_") || name.starts_with("_webgl_")) {
            Some("names starting with `webgl_` or `_webgl_` are reserved in WebGL")
        } else {
            None
        }
    };
    let mut reported = HashSet::new();
    let mut errors = Vec::new();
    for (i, t) in tokens.iter().enumerate() {
        if t.kind != TokenKind::Ident || (i > 0 && tokens[i - 1].is_punct(".")) {
            continue;
        }
        let name = t.text.as_str();
        let Some(why) = why(name) else { continue };
        let at =
            if declared.contains(name) || (functions.contains(name) && !name.starts_with("gl_")) {
                i
            } else if functions.contains(name) {
                // glslang names the first call; a function never called, its first declaration.
                let call = (i + 1..tokens.len()).find(|&k| {
                    tokens[k].is_ident(name)
                        && tokens.get(k + 1).is_some_and(|n| n.is_punct("("))
                        && !tokens
                            .get(k.wrapping_sub(1))
                            .is_some_and(|p| p.kind == TokenKind::Ident)
                });
                call.unwrap_or(i)
            } else {
                continue;
            };
        if reported.insert(name.to_string()) {
            errors.push(error_at(
                "E-DIALECT",
                format!("`{name}`: {why}"),
                tokens[at].loc,
                "rename it",
            ));
        }
    }
    errors
}
