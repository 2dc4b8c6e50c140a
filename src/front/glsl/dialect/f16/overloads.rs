//! The 16-bit overloads of GLSL's built-in functions, which naga's reader lacks (it declares
//! `float` and `double` ones only). Each is declared under the built-in's own name, so naga's
//! overload resolution picks it for 16-bit arguments; its body converts to `float`, calls the
//! built-in and converts back, which is what it means. `intrinsics::lower_f16` then replaces
//! the bodies that are one naga math function by that function on the 16-bit values (the
//! first parameter, named [`MARKER`], tells it which functions are these).
//!
//! Declared for each built-in the shader calls and does not declare itself, before the first
//! item, every size at once (the caller compacts away the unused ones after the parse).

use std::collections::BTreeSet;

use super::super::half_types::SIGNATURES;
use super::super::items;
use super::super::tokens::{gen, Edit};
use crate::front::glsl::preprocess::{Token, TokenKind};

/// The name of the first parameter of every overload declared here.
pub const MARKER: &str = "prism_f16_a";

/// Built-ins that also have `double` overloads: glslang finds a call mixing 16- and 32-bit
/// float arguments ambiguous (both widen to `double` as well as to `float`).
pub const DOUBLE_OVERLOADED: &[&str] = &[
    "abs",
    "sign",
    "floor",
    "ceil",
    "fract",
    "trunc",
    "round",
    "roundEven",
    "sqrt",
    "inversesqrt",
    "min",
    "max",
    "mod",
    "step",
    "distance",
    "dot",
    "length",
    "reflect",
    "cross",
    "clamp",
    "mix",
    "smoothstep",
    "fma",
    "faceforward",
    "refract",
    "normalize",
    "isnan",
    "isinf",
    "ldexp",
    "lessThan",
    "lessThanEqual",
    "greaterThan",
    "greaterThanEqual",
    "equal",
    "notEqual",
    "transpose",
    "determinant",
    "inverse",
    "matrixCompMult",
    "outerProduct",
];

/// The 16-bit type of letter `letter` at size `n` (1: scalar), and its 32-bit counterpart.
fn type_of(letter: char, n: usize) -> Option<(String, String)> {
    let vec = |prefix: &str, scalar: &str| match n {
        1 => scalar.to_string(),
        _ => format!("{prefix}vec{n}"),
    };
    Some(match letter {
        'G' => (vec("f16", "float16_t"), vec("", "float")),
        'V' if n > 1 => (format!("f16vec{n}"), format!("vec{n}")),
        'S' => ("float16_t".into(), "float".into()),
        'B' => (vec("b", "bool"), vec("b", "bool")),
        'I' => (vec("i", "int"), vec("i", "int")),
        'U' => ("uint".into(), "uint".into()),
        'W' => ("f16vec2".into(), "vec2".into()),
        'X' => ("f16vec3".into(), "vec3".into()),
        'M' if n > 1 => (format!("f16mat{n}"), format!("mat{n}")),
        _ => return None,
    })
}

/// The GLSL of `name`'s overload `signature` at size `n`, or `None` where the signature has
/// no such size.
fn overload(name: &str, signature: &str, n: usize) -> Option<(Vec<String>, String)> {
    // naga's `float` overloads of these take vectors only: no scalar body to call.
    let geometric = matches!(
        name,
        "normalize" | "length" | "distance" | "dot" | "reflect" | "faceforward" | "refract"
    );
    if geometric && n == 1 {
        return None;
    }
    let (ret, params) = signature.split_once(':')?;
    let ret = type_of(ret.chars().next()?, n)?;
    let mut declared = Vec::new();
    let mut converted = Vec::new();
    let mut types = Vec::new();
    for (k, letter) in params.split(' ').enumerate() {
        let (half, wide) = type_of(letter.chars().next()?, n)?;
        let param = ["prism_f16_a", "prism_f16_b", "prism_f16_c"][k];
        declared.push(format!("{half} {param}"));
        converted.push(if half == wide {
            param.to_string()
        } else {
            format!("{wide} ( {param} )")
        });
        types.push(half);
    }
    let callee = match name {
        "packFloat2x16" => "packHalf2x16",
        "unpackFloat2x16" => "unpackHalf2x16",
        _ => name,
    };
    let call = format!("{callee} ( {} )", converted.join(" , "));
    let value = if ret.0 == ret.1 {
        call
    } else {
        format!("{} ( {call} )", ret.0)
    };
    let source = format!(
        "{} {name} ( {} ) {{ return {value} ; }}",
        ret.0,
        declared.join(" , ")
    );
    Some((types, source))
}

/// The declarations, before the first token, of the overloads of every built-in the shader
/// calls and does not declare.
pub(super) fn declare(tokens: &[Token]) -> Vec<Edit> {
    let user = items::user_function_names(tokens);
    let called: BTreeSet<&str> = tokens
        .iter()
        .enumerate()
        .filter(|&(i, t)| {
            t.kind == TokenKind::Ident
                && tokens.get(i + 1).is_some_and(|n| n.is_punct("("))
                && !(i > 0 && tokens[i - 1].is_punct("."))
                && !user.contains(&t.text)
        })
        .map(|(_, t)| t.text.as_str())
        .collect();
    let mut sources = Vec::new();
    for (name, signatures) in SIGNATURES.iter().filter(|(n, _)| called.contains(n)) {
        let mut seen: Vec<Vec<String>> = Vec::new();
        for signature in signatures.iter() {
            for n in 1..=4 {
                if let Some((types, source)) = overload(name, signature, n) {
                    if !seen.contains(&types) {
                        seen.push(types);
                        sources.push(source);
                    }
                }
            }
        }
    }
    match tokens.first() {
        Some(first) if !sources.is_empty() => {
            vec![Edit::insert(0, gen(&sources.join(" "), first.loc))]
        }
        _ => Vec::new(),
    }
}
