//! The built-in functions and variables of GLSL ES 3.00 (WebGL 2), as lists: naga reads
//! GLSL 4.50, which has many more (`shadow2D`, `texture3D`, `barrier`, `dFdxFine`,
//! `textureQueryLevels`, `gl_SampleMask`, `gl_ClipDistance`, `gl_VertexIndex`, ...), and
//! would compile them. A call of a function that is neither in the ES 3.00 list (§8), nor
//! defined by the shader, nor a constructor, and a `gl_` name that is not an ES 3.00
//! built-in variable (§7), is reported where glslang reports it: "no matching overloaded
//! function", "undeclared identifier".
//!
//! An extension the shader enables adds its own built-ins ([`EXTENSION_FUNCTIONS`],
//! [`EXTENSION_VARIABLES`]). Names another rule already reports (removed ES 1.00 sampling,
//! ES 3.10 functions, built-ins of the other stage, `gl_FragColor`) are left to it.

use std::collections::HashSet;

use super::items;
use crate::diagnostic::{error_at, Diagnostic};
use crate::front::glsl::preprocess::{Token, TokenKind};

/// The built-in functions of GLSL ES 3.00 (§8).
const FUNCTIONS: &[&str] = &[
    "radians",
    "degrees",
    "sin",
    "cos",
    "tan",
    "asin",
    "acos",
    "atan",
    "sinh",
    "cosh",
    "tanh",
    "asinh",
    "acosh",
    "atanh",
    "pow",
    "exp",
    "log",
    "exp2",
    "log2",
    "sqrt",
    "inversesqrt",
    "abs",
    "sign",
    "floor",
    "trunc",
    "round",
    "roundEven",
    "ceil",
    "fract",
    "mod",
    "modf",
    "min",
    "max",
    "clamp",
    "mix",
    "step",
    "smoothstep",
    "isnan",
    "isinf",
    "floatBitsToInt",
    "floatBitsToUint",
    "intBitsToFloat",
    "uintBitsToFloat",
    "packSnorm2x16",
    "unpackSnorm2x16",
    "packUnorm2x16",
    "unpackUnorm2x16",
    "packHalf2x16",
    "unpackHalf2x16",
    "length",
    "distance",
    "dot",
    "cross",
    "normalize",
    "faceforward",
    "reflect",
    "refract",
    "matrixCompMult",
    "outerProduct",
    "transpose",
    "determinant",
    "inverse",
    "lessThan",
    "lessThanEqual",
    "greaterThan",
    "greaterThanEqual",
    "equal",
    "notEqual",
    "any",
    "all",
    "not",
    "textureSize",
    "texture",
    "textureProj",
    "textureLod",
    "textureOffset",
    "texelFetch",
    "texelFetchOffset",
    "textureProjOffset",
    "textureLodOffset",
    "textureProjLod",
    "textureProjLodOffset",
    "textureGrad",
    "textureGradOffset",
    "textureProjGrad",
    "textureProjGradOffset",
    "dFdx",
    "dFdy",
    "fwidth",
];

/// Whether `name` is a built-in function of GLSL ES 3.00.
pub(super) fn is_function(name: &str) -> bool {
    FUNCTIONS.contains(&name)
}

/// Built-in functions an extension adds to GLSL ES 3.00.
const EXTENSION_FUNCTIONS: &[(&str, &[&str])] = &[
    (
        "GL_OES_shader_multisample_interpolation",
        &[
            "interpolateAtCentroid",
            "interpolateAtSample",
            "interpolateAtOffset",
        ],
    ),
    ("GL_EXT_YUV_target", &["rgb_2_yuv", "yuv_2_rgb"]),
];

/// The built-in variables and constants of GLSL ES 3.00 (§7), both stages.
const VARIABLES: &[&str] = &[
    "gl_VertexID",
    "gl_InstanceID",
    "gl_Position",
    "gl_PointSize",
    "gl_FragCoord",
    "gl_FrontFacing",
    "gl_FragDepth",
    "gl_PointCoord",
    "gl_DepthRange",
    "gl_DepthRangeParameters",
    "gl_MaxVertexAttribs",
    "gl_MaxVertexUniformVectors",
    "gl_MaxVertexOutputVectors",
    "gl_MaxFragmentInputVectors",
    "gl_MaxVertexTextureImageUnits",
    "gl_MaxCombinedTextureImageUnits",
    "gl_MaxTextureImageUnits",
    "gl_MaxFragmentUniformVectors",
    "gl_MaxDrawBuffers",
    "gl_MinProgramTexelOffset",
    "gl_MaxProgramTexelOffset",
];

/// Built-in variables an extension adds to GLSL ES 3.00 (WebGL 2 extensions and the ES
/// extensions ANGLE exposes with them).
const EXTENSION_VARIABLES: &[(&str, &[&str])] = &[
    (
        "GL_EXT_clip_cull_distance",
        &[
            "gl_ClipDistance",
            "gl_CullDistance",
            "gl_MaxClipDistances",
            "gl_MaxCullDistances",
            "gl_MaxCombinedClipAndCullDistances",
        ],
    ),
    (
        "GL_ANGLE_clip_cull_distance",
        &[
            "gl_ClipDistance",
            "gl_CullDistance",
            "gl_MaxClipDistances",
            "gl_MaxCullDistances",
            "gl_MaxCombinedClipAndCullDistances",
        ],
    ),
    ("GL_OVR_multiview", &["gl_ViewID_OVR"]),
    ("GL_OVR_multiview2", &["gl_ViewID_OVR"]),
    ("GL_ANGLE_multi_draw", &["gl_DrawID"]),
    (
        "GL_ANGLE_base_vertex_base_instance_shader_builtin",
        &["gl_BaseVertex", "gl_BaseInstance"],
    ),
    (
        "GL_ANGLE_base_vertex_base_instance",
        &["gl_BaseVertex", "gl_BaseInstance"],
    ),
    (
        "GL_OES_sample_variables",
        &[
            "gl_SampleID",
            "gl_SamplePosition",
            "gl_SampleMaskIn",
            "gl_SampleMask",
            "gl_NumSamples",
            "gl_MaxSamples",
        ],
    ),
    ("GL_EXT_shader_framebuffer_fetch", &["gl_LastFragData"]),
    ("GL_NV_shader_framebuffer_fetch", &["gl_LastFragData"]),
    ("GL_ARM_shader_framebuffer_fetch", &["gl_LastFragColorARM"]),
    (
        "GL_EXT_blend_func_extended",
        &[
            "gl_SecondaryFragColorEXT",
            "gl_SecondaryFragDataEXT",
            "gl_MaxDualSourceDrawBuffersEXT",
        ],
    ),
];

/// Keywords that a `(` may follow.
const KEYWORDS: &[&str] = &["if", "for", "while", "switch", "return", "layout", "case"];

/// The scalar, vector and matrix types of GLSL ES 3.00, whose names are constructors.
fn constructor(name: &str) -> bool {
    if matches!(name, "bool" | "int" | "uint" | "float") {
        return true;
    }
    let vector = name
        .strip_prefix(['b', 'i', 'u'])
        .unwrap_or(name)
        .strip_prefix("vec");
    if vector.is_some_and(|n| matches!(n, "2" | "3" | "4")) {
        return true;
    }
    name.strip_prefix("mat").is_some_and(|dims| {
        let ok = |d: &str| matches!(d, "2" | "3" | "4");
        match dims.split_once('x') {
            Some((c, r)) => ok(c) && ok(r),
            None => ok(dims),
        }
    })
}

/// Calls of functions and uses of `gl_` names GLSL ES 3.00 does not have. `enabled`: the
/// extensions the shader enables; `elsewhere`: names another rule reports.
pub(super) fn check(
    tokens: &[Token],
    enabled: &HashSet<&str>,
    elsewhere: &dyn Fn(&str) -> bool,
) -> Vec<Diagnostic> {
    let mut user = items::user_function_names(tokens);
    // Functions returning arrays (`float[4] weights(...)`) or a struct defined in place.
    let mut depth = 0usize;
    for (i, t) in tokens.iter().enumerate() {
        match t.text.as_str() {
            "{" | "(" | "[" if t.kind == TokenKind::Punct => depth += 1,
            "}" | ")" | "]" if t.kind == TokenKind::Punct => depth = depth.saturating_sub(1),
            _ if depth == 0
                && t.kind == TokenKind::Ident
                && i > 0
                && (tokens[i - 1].is_punct("]") || tokens[i - 1].is_punct("}"))
                && tokens.get(i + 1).is_some_and(|n| n.is_punct("(")) =>
            {
                user.insert(t.text.clone());
            }
            _ => {}
        }
    }
    let structs: HashSet<&str> = tokens
        .windows(2)
        .filter(|w| w[0].is_ident("struct") && w[1].kind == TokenKind::Ident)
        .map(|w| w[1].text.as_str())
        .collect();
    let extended = |table: &[(&str, &[&str])], name: &str| {
        table
            .iter()
            .any(|(ext, names)| enabled.contains(ext) && names.contains(&name))
    };
    let mut reported = HashSet::new();
    let mut errors = Vec::new();
    for (i, t) in tokens.iter().enumerate() {
        if t.kind != TokenKind::Ident || (i > 0 && tokens[i - 1].is_punct(".")) {
            continue;
        }
        let name = t.text.as_str();
        if elsewhere(name) || KEYWORDS.contains(&name) || !reported.insert(name) {
            continue;
        }
        // A call, or the declaration of a user function (which `user` holds).
        let call = tokens.get(i + 1).is_some_and(|n| n.is_punct("("));
        let unknown = if name.starts_with("gl_") {
            // A function the shader names `gl_...` is `es_names`' to report.
            !VARIABLES.contains(&name)
                && !extended(EXTENSION_VARIABLES, name)
                && !user.contains(name)
        } else if call {
            !FUNCTIONS.contains(&name)
                && !user.contains(name)
                && !structs.contains(name)
                && !constructor(name)
                && !extended(EXTENSION_FUNCTIONS, name)
        } else {
            reported.remove(name);
            false
        };
        if unknown {
            let (message, label) = if name.starts_with("gl_") {
                (
                    format!("`{name}` is not a built-in variable of GLSL ES 3.00 (WebGL 2)"),
                    "undeclared identifier",
                )
            } else {
                (
                    format!("`{name}()` is not a built-in function of GLSL ES 3.00 (WebGL 2)"),
                    "no such function",
                )
            };
            errors.push(error_at("E-DIALECT", message, t.loc, label));
        }
    }
    errors
}
