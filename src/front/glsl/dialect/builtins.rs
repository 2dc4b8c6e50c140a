//! Names of the GLSL ES built-in functions, grouped by what the dialect checks need to know
//! of them: the typer ([`super::exprs`]) and the implicit-conversion checks
//! ([`super::conversions`]) their argument kinds, the version gates ([`super::strict`],
//! [`super::gating`]) which version has them.

/// Built-in functions with only floating-point overloads in GLSL ES.
pub(super) const FLOAT_ONLY: &[&str] = &[
    "radians",
    "degrees",
    "sin",
    "cos",
    "tan",
    "asin",
    "acos",
    "atan",
    "pow",
    "exp",
    "log",
    "exp2",
    "log2",
    "sqrt",
    "inversesqrt",
    "floor",
    "ceil",
    "fract",
    "mod",
    "step",
    "smoothstep",
    "length",
    "distance",
    "dot",
    "cross",
    "normalize",
    "faceforward",
    "reflect",
    "refract",
    "dFdx",
    "dFdy",
    "fwidth",
];

/// Built-in functions whose arguments all share one base kind (`min(x, 0)` with a float `x`
/// has no overload in GLSL ES).
pub(super) const SAME_KIND_ARGS: &[&str] = &[
    "min",
    "max",
    "clamp",
    "mix",
    "lessThan",
    "lessThanEqual",
    "greaterThan",
    "greaterThanEqual",
    "equal",
    "notEqual",
];

/// Whether `name` is a built-in function a shader may add overloads to (ES 1.00): a call
/// of it may resolve to the built-in, whatever the user's overloads return.
pub(super) fn is_builtin_function(name: &str) -> bool {
    FLOAT_ONLY.contains(&name)
        || SAME_KIND_ARGS.contains(&name)
        || OTHER_ES100.contains(&name)
        || name.starts_with("texture")
}

/// The other built-in functions of GLSL ES 1.00 that do not sample.
const OTHER_ES100: &[&str] = &["abs", "sign", "matrixCompMult", "any", "all", "not"];

/// Sampling functions that exist only from GLSL ES 3.00 / GLSL 1.30 on.
pub(super) const GLSL130_SAMPLING: &[&str] = &[
    "texture",
    "textureProj",
    "textureLod",
    "textureOffset",
    "texelFetch",
    "texelFetchOffset",
    "textureProjOffset",
    "textureLodOffset",
    "textureProjLod",
    "textureGrad",
    "textureGradOffset",
    "textureProjGrad",
    "textureSize",
];

/// Sampling functions of GLSL ES 3.00 besides [`GLSL130_SAMPLING`].
const ES300_SAMPLING_MORE: &[&str] = &["textureProjLodOffset", "textureProjGradOffset"];

/// Whether `name` is a built-in function of GLSL ES 3.00 that ES 1.00 has too, or one of
/// ES 3.00's sampling functions (the rest is [`super::gating`]'s `ES300_FUNCTIONS`).
pub(super) fn is_es_builtin(name: &str) -> bool {
    FLOAT_ONLY.contains(&name)
        || SAME_KIND_ARGS.contains(&name)
        || OTHER_ES100.contains(&name)
        || GLSL130_SAMPLING.contains(&name)
        || ES300_SAMPLING_MORE.contains(&name)
}

/// ES 1.00 sampling functions removed from GLSL ES 3.00.
pub(super) const ES100_SAMPLING: &[&str] = &[
    "texture2D",
    "texture2DProj",
    "texture2DLod",
    "texture2DProjLod",
    "textureCube",
    "textureCubeLod",
];
