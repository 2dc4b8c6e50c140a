//! The names of the 16-bit float types (`float16_t`, `f16vecN`, `f16matN`, `f16matCxR`),
//! their 32-bit counterparts, and the built-ins GLSL overloads for them: a leaf every file of
//! the dialect layer may use (the 16-bit rewrites themselves are [`super::f16`]).

use crate::front::glsl::preprocess::{Token, TokenKind};

/// `(columns, rows)` of a `matN` / `matCxR` name.
fn matrix(ty: &str) -> Option<(usize, usize)> {
    let dims = ty.strip_prefix("mat")?;
    let size = |d: &str| d.parse().ok().filter(|n| (2..=4).contains(n));
    match dims.split_once('x') {
        Some((c, r)) => Some((size(c)?, size(r)?)),
        None => size(dims).map(|n| (n, n)),
    }
}

/// Whether `name` is a 16-bit float type.
pub(super) fn is_f16_type(name: &str) -> bool {
    name == "float16_t" || f16_vector(name).is_some() || f16_matrix(name).is_some()
}

/// The size of an `f16vecN`.
pub(super) fn f16_vector(name: &str) -> Option<usize> {
    let n: usize = name.strip_prefix("f16vec")?.parse().ok()?;
    (2..=4).contains(&n).then_some(n)
}

/// `(columns, rows)` of an `f16matN` / `f16matCxR`.
pub(super) fn f16_matrix(name: &str) -> Option<(usize, usize)> {
    matrix(name.strip_prefix("f16")?)
}

/// Whether `t` is a `1.0hf` literal.
pub(super) fn is_f16_literal(t: &Token) -> bool {
    t.kind == TokenKind::Float && (t.text.ends_with("hf") || t.text.ends_with("HF"))
}

/// Whether `ty` is a 32-bit float vector (`vec2` .. `vec4`).
fn f32_vector(ty: &str) -> bool {
    matches!(ty, "vec2" | "vec3" | "vec4")
}

/// The 32-bit type of the same shape as a 16-bit float type (`f16vec3` → `vec3`), and
/// whether it was one.
pub(super) fn widened(ty: &str) -> (String, bool) {
    if ty == "float16_t" {
        return ("float".to_string(), true);
    }
    match ty.strip_prefix("f16") {
        Some(rest) if is_f16_type(ty) => (rest.to_string(), true),
        _ => (ty.to_string(), false),
    }
}

/// The 16-bit float type of the same shape as a 32-bit float type (`vec3` → `f16vec3`);
/// other types as they are.
pub(super) fn narrowed(ty: &str) -> String {
    match ty {
        "float" => "float16_t".to_string(),
        _ if f32_vector(ty) || matrix(ty).is_some() => format!("f16{ty}"),
        _ => ty.to_string(),
    }
}

/// Whether `ty` is a 32-bit float scalar, vector or matrix.
pub(super) fn is_f32_float(ty: &str) -> bool {
    ty == "float" || matrix(ty).is_some() || f32_vector(ty)
}

/// Each built-in's signatures, `"R:P P P"`. Letters: `G` `float16_t` or `f16vecN` (one `N`
/// per signature), `V` `f16vecN` only, `S` `float16_t`, `B` `bool` / `bvecN`, `I` `int` /
/// `ivecN`, `U` `uint`, `W` `f16vec2`, `X` `f16vec3`, `M` `f16matN`.
pub(super) const SIGNATURES: &[(&str, &[&str])] = &[
    ("abs", &["G:G"]),
    ("sign", &["G:G"]),
    ("floor", &["G:G"]),
    ("ceil", &["G:G"]),
    ("fract", &["G:G"]),
    ("trunc", &["G:G"]),
    ("round", &["G:G"]),
    ("roundEven", &["G:G"]),
    ("sqrt", &["G:G"]),
    ("inversesqrt", &["G:G"]),
    ("exp", &["G:G"]),
    ("exp2", &["G:G"]),
    ("log", &["G:G"]),
    ("log2", &["G:G"]),
    ("sin", &["G:G"]),
    ("cos", &["G:G"]),
    ("tan", &["G:G"]),
    ("asin", &["G:G"]),
    ("acos", &["G:G"]),
    ("atan", &["G:G", "G:G G"]),
    ("sinh", &["G:G"]),
    ("cosh", &["G:G"]),
    ("tanh", &["G:G"]),
    ("asinh", &["G:G"]),
    ("acosh", &["G:G"]),
    ("atanh", &["G:G"]),
    ("radians", &["G:G"]),
    ("degrees", &["G:G"]),
    ("normalize", &["G:G"]),
    ("dFdx", &["G:G"]),
    ("dFdy", &["G:G"]),
    ("fwidth", &["G:G"]),
    ("dFdxFine", &["G:G"]),
    ("dFdyFine", &["G:G"]),
    ("fwidthFine", &["G:G"]),
    ("dFdxCoarse", &["G:G"]),
    ("dFdyCoarse", &["G:G"]),
    ("fwidthCoarse", &["G:G"]),
    ("pow", &["G:G G"]),
    ("min", &["G:G G", "V:V S"]),
    ("max", &["G:G G", "V:V S"]),
    ("mod", &["G:G G", "V:V S"]),
    ("step", &["G:G G", "V:S V"]),
    ("distance", &["S:G G"]),
    ("dot", &["S:G G"]),
    ("length", &["S:G"]),
    ("reflect", &["G:G G"]),
    ("cross", &["X:X X"]),
    ("clamp", &["G:G G G", "V:V S S"]),
    ("mix", &["G:G G G", "V:V V S", "G:G G B"]),
    ("smoothstep", &["G:G G G", "V:S S V"]),
    ("fma", &["G:G G G"]),
    ("faceforward", &["G:G G G"]),
    ("refract", &["G:G G S"]),
    ("isnan", &["B:G"]),
    ("isinf", &["B:G"]),
    ("ldexp", &["G:G I"]),
    ("lessThan", &["B:V V"]),
    ("lessThanEqual", &["B:V V"]),
    ("greaterThan", &["B:V V"]),
    ("greaterThanEqual", &["B:V V"]),
    ("equal", &["B:V V"]),
    ("notEqual", &["B:V V"]),
    ("packFloat2x16", &["U:W"]),
    ("unpackFloat2x16", &["W:U"]),
    ("transpose", &["M:M"]),
    ("determinant", &["S:M"]),
    ("inverse", &["M:M"]),
    ("matrixCompMult", &["M:M M"]),
    ("outerProduct", &["M:V V"]),
];

/// Whether GLSL has 16-bit overloads of built-in `name` that prism declares.
pub(super) fn has_f16_overload(name: &str) -> bool {
    SIGNATURES.iter().any(|(n, _)| *n == name)
}
