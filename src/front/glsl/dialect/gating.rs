//! What exists only in some stages or versions, reported at the use (naga either reads it
//! silently after the upgrade, or rejects it without a span):
//!
//! - stage built-ins: `gl_Position`, `gl_PointSize`, `gl_VertexID`, `gl_InstanceID` (and
//!   their Vulkan names) are not in a fragment shader; `gl_FragCoord`, `gl_FrontFacing`,
//!   `gl_PointCoord`, `gl_FragColor`, `gl_FragData`, `gl_FragDepth` and the sample
//!   built-ins are not in a vertex shader, nor is `discard`;
//! - GLSL ES 1.00: `texture2DLod`, `texture2DProjLod`, `textureCubeLod` are vertex-only (a
//!   fragment shader has the `...EXT` forms of `GL_EXT_shader_texture_lod`), and the
//!   built-in functions that arrived in ES 3.00 (`round`, `transpose`, `inverse`, ...) do
//!   not exist;
//! - GLSL ES 3.00 (WebGL 2): the built-in functions of ES 3.10 (`textureGather`,
//!   `bitCount`, `ldexp`, ...) do not exist; its layout qualifiers are checked in
//!   [`super::es3_layouts`]. GLSL ES 1.00 has no `layout` at all.
//!
//! A function the shader defines itself under one of these names is its own, not the
//! built-in. Each error is on the line glslang names.

use super::builtins;
use super::items;
use super::version::Dialect;
use crate::diagnostic::{error_at, Diagnostic};
use crate::front::glsl::preprocess::{Token, TokenKind};
use crate::shader::Stage;

pub(super) const VERTEX_ONLY: &[&str] = &[
    "gl_Position",
    "gl_PointSize",
    "gl_VertexID",
    "gl_InstanceID",
    "gl_VertexIndex",
    "gl_InstanceIndex",
    "gl_BaseVertex",
    "gl_BaseInstance",
    "gl_DrawID",
];

pub(super) const FRAGMENT_ONLY: &[&str] = &[
    "gl_FragCoord",
    "gl_FrontFacing",
    "gl_PointCoord",
    "gl_FragColor",
    "gl_FragData",
    "gl_FragDepth",
    "gl_FragDepthEXT",
    "gl_SampleID",
    "gl_SamplePosition",
    "gl_SampleMask",
    "gl_SampleMaskIn",
    "gl_HelperInvocation",
    "discard",
];

/// ES 1.00 sampling functions that only a vertex shader has.
const ES100_VERTEX_LOD: &[&str] = &["texture2DLod", "texture2DProjLod", "textureCubeLod"];

/// Built-in functions of GLSL ES 3.00 that ES 1.00 lacks (checked with glslang).
const ES300_FUNCTIONS: &[&str] = &[
    "round",
    "roundEven",
    "trunc",
    "sinh",
    "cosh",
    "tanh",
    "asinh",
    "acosh",
    "atanh",
    "determinant",
    "inverse",
    "transpose",
    "outerProduct",
    "isnan",
    "isinf",
    "floatBitsToInt",
    "floatBitsToUint",
    "intBitsToFloat",
    "uintBitsToFloat",
    "modf",
    "packHalf2x16",
    "unpackHalf2x16",
    "packSnorm2x16",
    "unpackSnorm2x16",
    "packUnorm2x16",
    "unpackUnorm2x16",
];

/// Built-in functions of GLSL ES 3.10 that ES 3.00 (and 1.00) lack (checked with glslang).
pub(super) const ES310_FUNCTIONS: &[&str] = &[
    "textureGather",
    "textureGatherOffset",
    "textureGatherOffsets",
    "bitCount",
    "findLSB",
    "findMSB",
    "bitfieldExtract",
    "bitfieldInsert",
    "bitfieldReverse",
    "uaddCarry",
    "usubBorrow",
    "umulExtended",
    "imulExtended",
    "ldexp",
    "frexp",
    "fma",
    "packUnorm4x8",
    "packSnorm4x8",
    "unpackUnorm4x8",
    "unpackSnorm4x8",
    "imageLoad",
    "imageStore",
    "imageSize",
    "memoryBarrier",
    "groupMemoryBarrier",
];

pub(super) fn check(
    tokens: &[Token],
    dialect: Dialect,
    stage: Stage,
    enabled: &std::collections::HashSet<&str>,
) -> Vec<Diagnostic> {
    let user = items::user_function_names(tokens);
    let mut errors = Vec::new();
    let es100 = dialect == Dialect::Es100;
    let es300 = dialect == Dialect::Es3(300);
    for (i, t) in tokens.iter().enumerate() {
        if t.kind != TokenKind::Ident || (i > 0 && tokens[i - 1].is_punct(".")) {
            continue;
        }
        let name = t.text.as_str();
        let wrong_stage = match stage {
            Stage::Fragment => VERTEX_ONLY.contains(&name),
            Stage::Vertex => FRAGMENT_ONLY.contains(&name),
            _ => false,
        };
        if wrong_stage {
            let (here, there) = match stage {
                Stage::Fragment => ("fragment", "vertex"),
                _ => ("vertex", "fragment"),
            };
            errors.push(error_at(
                "E-DIALECT",
                format!("`{name}` is not available in a {here} shader"),
                t.loc,
                format!("only a {there} shader has it"),
            ));
            continue;
        }
        let call = tokens.get(i + 1).is_some_and(|n| n.is_punct("(")) && !user.contains(name);
        if !call {
            continue;
        }
        // `layout(...) qualifier-or-type`: in ES 1.00 `layout` is an ordinary identifier,
        // which a variable may be named; only its use as a qualifier is an error.
        let qualifier = name == "layout"
            && items::matching_close(tokens, i + 1, tokens.len())
                .and_then(|close| tokens.get(close + 1))
                .is_some_and(|n| n.kind == TokenKind::Ident);
        if es100 && qualifier {
            errors.push(error_at(
                "E-DIALECT",
                "layout qualifiers are not in GLSL ES 1.00 (WebGL 1)",
                t.loc,
                "layout qualifiers arrived in GLSL ES 3.00",
            ));
            continue;
        }
        if es100 && stage == Stage::Fragment && ES100_VERTEX_LOD.contains(&name) {
            errors.push(error_at(
                "E-DIALECT",
                format!("`{name}()` exists only in vertex shaders in GLSL ES 1.00 (WebGL 1)"),
                t.loc,
                format!(
                    "in a fragment shader use `{name}EXT()` with `#extension GL_EXT_shader_texture_lod : enable`"
                ),
            ));
        } else if es100 && ES300_FUNCTIONS.contains(&name) {
            errors.push(error_at(
                "E-DIALECT",
                format!("`{name}()` is not in GLSL ES 1.00 (WebGL 1)"),
                t.loc,
                "this built-in arrived in GLSL ES 3.00 (WebGL 2)",
            ));
        } else if (es100 || es300) && ES310_FUNCTIONS.contains(&name) {
            errors.push(error_at(
                "E-DIALECT",
                format!("`{name}()` is not in {}", dialect.describe()),
                t.loc,
                "this built-in arrived in GLSL ES 3.10, which WebGL does not have",
            ));
        }
    }
    if es300 {
        errors.extend(super::es3_layouts::check(tokens, stage));
        // What the stage check above reports.
        let other_stage = match stage {
            Stage::Fragment => VERTEX_ONLY,
            Stage::Vertex => FRAGMENT_ONLY,
            _ => &[],
        };
        let elsewhere = |name: &str| {
            other_stage.contains(&name)
                || ES310_FUNCTIONS.contains(&name)
                || builtins::ES100_SAMPLING.contains(&name)
                || matches!(name, "gl_FragColor" | "gl_FragData")
        };
        errors.extend(super::es3_builtins::check(tokens, enabled, &elsewhere));
    }
    if matches!(dialect, Dialect::Es3(_)) {
        errors.extend(builtin_redeclarations(tokens));
    }
    errors
}

/// GLSL ES 3.00 forbids redeclaring or overloading a built-in function (ES 1.00 allows new
/// overloads): reported at the function's name, as glslang does.
fn builtin_redeclarations(tokens: &[Token]) -> Vec<Diagnostic> {
    items::function_name_tokens(tokens)
        .into_iter()
        .map(|i| &tokens[i])
        .filter(|t| builtins::is_es_builtin(&t.text) || ES300_FUNCTIONS.contains(&t.text.as_str()))
        .map(|t| {
            let name = &t.text;
            error_at(
                "E-DIALECT",
                format!("`{name}` is a built-in function: GLSL ES 3.00 does not allow redeclaring or overloading it"),
                t.loc,
                "give your function another name",
            )
        })
        .collect()
}
