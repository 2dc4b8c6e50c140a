//! Language-level rewrites: valid GLSL (mostly GLSL ES 1.00 as WebGL shaders write it) that
//! naga's GLSL 450 reader does not take, turned into what it does take, on tokens.
//!
//! - `const` / `const in` parameter qualifiers go: a `const` parameter is a read-only copy,
//!   and writes to it are already errors GLSL compilers report, so dropping the word changes
//!   nothing the shader can observe.
//! - The `gl_Max*` built-in constants become their values: the minimum the shader's GLSL
//!   version guarantees (GLSL ES 1.00 §7.4, ES 3.00 §7.3, GLSL 4.50 §7.3), which is what a
//!   portable shader may rely on ([`max_constant`]).
//! - `gl_DepthRange` becomes a generated uniform `prism_DepthRange` of a generated struct
//!   with `near`, `far` and `diff`; it is gathered with the other loose uniforms into
//!   `prism_globals`, so it gets a binding like any uniform (and is listed by
//!   `--show-bindings`). The host fills it (`diff = far - near`).
//! - `matrixCompMult`, which naga's GLSL reader lacks, is declared as user functions (every
//!   overload) when the shader calls it (`uaddCarry` & co. are `intrinsics/`'s).
//! - A vertex shader that never writes `gl_Position` (valid GLSL) writes `vec4(0.0)` there
//!   first thing in `main`: naga demands a position output.
//! - Integer vertex outputs without `flat` get it in desktop and Vulkan GLSL, where GLSL
//!   allows them (only the fragment input must be `flat`), and naga demands it on both.
//!
//! - `centroid` without an interpolation qualifier gets `smooth` (GLSL's default), which naga
//!   needs to keep the centroid sampling; `flat centroid` loses `centroid`, which means
//!   nothing on a flat input and which naga refuses.
//!
//! Trap: every generated token carries the location of the token it stands for, so naga's
//! spans still point at the user's line.

use super::items::{self, ItemKind};
use super::tokens::{self, gen, renamed, Edit, Names};
use super::version::Dialect;
use crate::front::glsl::preprocess::{Token, TokenKind};
use crate::shader::Stage;

/// The value of a `gl_Max*` (or `gl_Min*`) built-in constant in `dialect`, as GLSL text.
pub(super) fn max_constant(name: &str, dialect: Dialect) -> Option<&'static str> {
    let es100 = match name {
        "gl_MaxVertexAttribs" => "8",
        "gl_MaxVertexUniformVectors" => "128",
        "gl_MaxVaryingVectors" => "8",
        "gl_MaxVertexTextureImageUnits" => "0",
        "gl_MaxCombinedTextureImageUnits" => "8",
        "gl_MaxTextureImageUnits" => "8",
        "gl_MaxFragmentUniformVectors" => "16",
        "gl_MaxDrawBuffers" => "1",
        _ => "",
    };
    let es300 = match name {
        "gl_MaxVertexAttribs" => "16",
        "gl_MaxVertexUniformVectors" => "256",
        "gl_MaxVertexOutputVectors" => "16",
        "gl_MaxFragmentInputVectors" => "15",
        "gl_MaxVertexTextureImageUnits" => "16",
        "gl_MaxCombinedTextureImageUnits" => "32",
        "gl_MaxTextureImageUnits" => "16",
        "gl_MaxFragmentUniformVectors" => "224",
        "gl_MaxDrawBuffers" => "4",
        "gl_MinProgramTexelOffset" => "( - 8 )",
        "gl_MaxProgramTexelOffset" => "7",
        _ => "",
    };
    let desktop = match name {
        "gl_MaxVertexAttribs" => "16",
        "gl_MaxVertexUniformComponents" => "1024",
        "gl_MaxVertexUniformVectors" => "256",
        "gl_MaxFragmentUniformVectors" => "256",
        "gl_MaxVaryingVectors" => "15",
        "gl_MaxVaryingFloats" | "gl_MaxVaryingComponents" => "60",
        "gl_MaxVertexOutputComponents" | "gl_MaxGeometryInputComponents" => "64",
        "gl_MaxGeometryOutputComponents" | "gl_MaxFragmentInputComponents" => "128",
        "gl_MaxVertexTextureImageUnits" | "gl_MaxTextureImageUnits" => "16",
        "gl_MaxGeometryTextureImageUnits" | "gl_MaxComputeTextureImageUnits" => "16",
        "gl_MaxCombinedTextureImageUnits" => "80",
        "gl_MaxFragmentUniformComponents" | "gl_MaxComputeUniformComponents" => "1024",
        "gl_MaxGeometryUniformComponents" => "1024",
        "gl_MaxDrawBuffers" | "gl_MaxClipDistances" | "gl_MaxClipPlanes" => "8",
        "gl_MaxCullDistances" | "gl_MaxCombinedClipAndCullDistances" => "8",
        "gl_MaxTextureCoords" => "8",
        "gl_MaxTextureUnits" => "2",
        "gl_MaxLights" => "8",
        "gl_MaxImageUnits" | "gl_MaxCombinedImageUnitsAndFragmentOutputs" => "8",
        "gl_MaxImageSamples" | "gl_MaxVertexImageUniforms" => "0",
        "gl_MaxFragmentImageUniforms" | "gl_MaxCombinedImageUniforms" => "8",
        "gl_MaxComputeImageUniforms" => "8",
        "gl_MaxVertexAtomicCounters" | "gl_MaxVertexAtomicCounterBuffers" => "0",
        "gl_MaxFragmentAtomicCounters" | "gl_MaxCombinedAtomicCounters" => "8",
        "gl_MaxComputeAtomicCounters" | "gl_MaxComputeAtomicCounterBuffers" => "8",
        "gl_MaxFragmentAtomicCounterBuffers" | "gl_MaxCombinedAtomicCounterBuffers" => "1",
        "gl_MaxAtomicCounterBindings" => "1",
        "gl_MaxAtomicCounterBufferSize" => "32",
        "gl_MaxTransformFeedbackBuffers" => "4",
        "gl_MaxTransformFeedbackInterleavedComponents" => "64",
        "gl_MaxViewports" => "16",
        "gl_MaxSamples" => "4",
        "gl_MaxPatchVertices" => "32",
        "gl_MinProgramTexelOffset" => "( - 8 )",
        "gl_MaxProgramTexelOffset" => "7",
        "gl_MaxComputeWorkGroupCount" => "ivec3 ( 65535 , 65535 , 65535 )",
        "gl_MaxComputeWorkGroupSize" => "ivec3 ( 1024 , 1024 , 64 )",
        _ => "",
    };
    let value = match dialect {
        Dialect::Es100 => es100,
        Dialect::Es3(300) => es300,
        // ES 3.10 and 3.20 keep the ES 3.00 values and add the compute and image limits.
        Dialect::Es3(_) if !es300.is_empty() => es300,
        _ => desktop,
    };
    (!value.is_empty()).then_some(value)
}

/// The language-level rewrites of the module docs.
pub(super) fn rewrite_language(
    tokens: Vec<Token>,
    dialect: Dialect,
    stage: Stage,
    names: &Names,
) -> Vec<Token> {
    let mut edits = Vec::new();
    let depth_range = names.fresh("prism_DepthRange");
    let mut uses_depth_range = false;
    for (i, t) in tokens.iter().enumerate() {
        if t.kind != TokenKind::Ident || (i > 0 && tokens[i - 1].is_punct(".")) {
            continue;
        }
        if let Some(value) = max_constant(&t.text, dialect) {
            let mut value = gen(value, t.loc);
            if value.len() == 1 {
                value = vec![renamed(t, &value[0].text)];
            }
            edits.push(Edit::replace(i..i + 1, value));
        } else if t.text == "gl_DepthRange" {
            uses_depth_range = true;
            edits.push(Edit::replace(i..i + 1, vec![renamed(t, &depth_range)]));
        }
    }
    if let Ok(items) = items::split_items(&tokens) {
        for item in &items {
            if let Some(params) = items::param_range(&tokens, item) {
                for i in params {
                    if tokens[i].is_ident("const") {
                        edits.push(Edit::delete(i..i + 1));
                    }
                }
            }
            if stage == Stage::Vertex && !matches!(dialect, Dialect::Es100 | Dialect::Es3(_)) {
                edits.extend(flat_integer_output(&tokens, item));
            }
            edits.extend(centroid_alone(&tokens, item));
        }
    }
    let writes_position = tokens.iter().any(|t| t.is_ident("gl_Position"));
    if stage == Stage::Vertex && !writes_position {
        edits.extend(position_write(&tokens));
    }
    let user_functions = items::user_function_names(&tokens);
    let compmult = tokens
        .iter()
        .enumerate()
        .find(|(i, t)| {
            t.is_ident("matrixCompMult") && tokens.get(i + 1).is_some_and(|n| n.is_punct("("))
        })
        .filter(|_| !user_functions.contains("matrixCompMult"));
    if let (Some(first), Some(_)) = (tokens.first(), compmult) {
        edits.push(Edit::insert(0, gen(&matrix_comp_mult(dialect), first.loc)));
    }
    if uses_depth_range {
        // Before the first loose uniform, so that it is gathered into the same block.
        let at = items::split_items(&tokens)
            .ok()
            .and_then(|items| {
                items.into_iter().find(|item| {
                    let q = items::qualifiers(&tokens, item.range.clone());
                    q.has("uniform") && !q.opens_block(&tokens)
                })
            })
            .map_or(0, |item| item.range.start);
        if let Some(first) = tokens.get(at) {
            let ty = names.fresh("prism_DepthRangeParameters");
            let declaration = format!(
                "struct {ty} {{ float near ; float far ; float diff ; }} ; uniform {ty} {depth_range} ;"
            );
            edits.push(Edit::insert(at, gen(&declaration, first.loc)));
        }
    }
    tokens::apply(tokens, edits)
}

/// `matrixCompMult` for every matrix type of `dialect` (naga's GLSL reader lacks it; a
/// user function of that name is what it then calls).
fn matrix_comp_mult(dialect: Dialect) -> String {
    let mut types: Vec<(String, u32)> = (2..=4).map(|n| (format!("mat{n}"), n)).collect();
    if dialect != Dialect::Es100 {
        for c in 2..=4 {
            for r in (2..=4).filter(|&r| r != c) {
                types.push((format!("mat{c}x{r}"), c));
            }
        }
    }
    let mut out = String::new();
    for (ty, columns) in types {
        let cols: Vec<String> = (0..columns)
            .map(|c| format!("a [ {c} ] * b [ {c} ]"))
            .collect();
        out.push_str(&format!(
            "{ty} matrixCompMult ( {ty} a , {ty} b ) {{ return {ty} ( {} ) ; }} ",
            cols.join(" , ")
        ));
    }
    out
}

/// A vertex shader that never writes `gl_Position` is valid GLSL (its position is
/// undefined); naga demands a position output. `gl_Position = vec4(0.0);` at the top of
/// `main`, on the line of its `{`, gives it a defined one.
fn position_write(tokens: &[Token]) -> Option<Edit> {
    let items = items::split_items(tokens).ok()?;
    items.iter().find_map(|item| match &item.kind {
        ItemKind::Function { name, body, .. } if name == "main" => {
            let open = tokens[body.start - 1].loc;
            Some(Edit::insert(
                body.start,
                gen("gl_Position = vec4 ( 0.0 ) ;", open),
            ))
        }
        _ => None,
    })
}

/// `flat` before the type of an integer vertex output that has no interpolation qualifier.
fn flat_integer_output(tokens: &[Token], item: &items::Item) -> Option<Edit> {
    if item.kind != ItemKind::Declaration {
        return None;
    }
    let q = items::qualifiers(tokens, item.range.clone());
    let ty = tokens.get(q.type_start)?;
    let integer = ty.text == "int"
        || ty.text == "uint"
        || ty.text.starts_with("ivec")
        || ty.text.starts_with("uvec");
    let interpolated = ["flat", "smooth", "noperspective"].iter().any(|w| q.has(w));
    (q.has("out") && integer && !interpolated && !q.opens_block(tokens))
        .then(|| Edit::insert(q.type_start, gen("flat", ty.loc)))
}

/// `centroid in vec2 uv;` becomes `smooth centroid in vec2 uv;`: naga's reader drops a
/// sampling qualifier that comes without an interpolation one. `flat centroid` becomes `flat`.
fn centroid_alone(tokens: &[Token], item: &items::Item) -> Option<Edit> {
    if item.kind != ItemKind::Declaration {
        return None;
    }
    let q = items::qualifiers(tokens, item.range.clone());
    let at = q.index_of("centroid")?;
    if q.has("flat") {
        return Some(Edit::delete(at..at + 1));
    }
    let interpolated = ["smooth", "noperspective"].iter().any(|w| q.has(w));
    (!interpolated).then(|| Edit::insert(at, gen("smooth", tokens[at].loc)))
}
