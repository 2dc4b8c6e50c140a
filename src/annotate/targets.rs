//! Helper calls in the text targets (HLSL, MSL, GLSL, WGSL).
//!
//! The text writers emit no line information, so prism predicts from the IR which
//! expressions each writer turns into a call of one of naga's helpers, places each call on
//! its expression's line, and checks the prediction against the calls actually found in the
//! written code: calls it could not place go to the "no source line" bucket with a note.
//!
//! | IR expression | HLSL | MSL | GLSL, WGSL |
//! |---|---|---|---|
//! | float → int/uint conversion (`As` with a width) | `naga_f2i32` / `naga_f2u32` (and 64-bit) | same | none |
//! | integer `/` | `naga_div` | `naga_div` | none |
//! | integer `%` | `naga_mod` | `naga_mod` | none |
//! | float `%` | `naga_mod` | none (`metal::fmod`) | none |
//! | negating an `i32` | `naga_neg` | `naga_neg` | none |
//! | `abs` of an `i32` | `naga_abs` | `naga_abs` | none |
//!
//! A value used once, inside the index of a pointer (`local[i / 3u] += 1.0`), is written out
//! again at every use of the pointer (its load and its store): its helper is called that many
//! times. Only these helpers are counted; other `naga_*` functions (`naga_modf`, ...) name
//! results, they are not inserted operations.

use std::collections::BTreeMap;

use naga::{Expression, ScalarKind};

use super::report::InsertedKind;
use super::sites::{FunctionRef, SiteKind, Tagged};
use crate::back::Target;

/// A helper call the writers of `targets` will emit for the expression at `column`.
pub struct Predicted {
    pub column: u32,
    pub helper: String,
    pub kind: InsertedKind,
    pub targets: &'static [Target],
}

const HLSL_MSL: &[Target] = &[Target::Hlsl, Target::Msl];
const HLSL: &[Target] = &[Target::Hlsl];

/// The helpers prism predicts and counts.
pub const HELPERS: &[&str] = &[
    "naga_f2i32",
    "naga_f2u32",
    "naga_f2i64",
    "naga_f2u64",
    "naga_div",
    "naga_mod",
    "naga_neg",
    "naga_abs",
];

pub fn helper_kind(name: &str) -> InsertedKind {
    if name.starts_with("naga_f2") {
        InsertedKind::SaturatingConversion
    } else {
        InsertedKind::Helper
    }
}

pub fn predict(
    module: &naga::Module,
    info: &naga::valid::ModuleInfo,
    tagged: &Tagged,
) -> Vec<Predicted> {
    let mut out = Vec::new();
    for (index, site) in tagged.sites.iter().enumerate() {
        let SiteKind::Expression(handle) = site.kind else {
            continue;
        };
        let (function, function_info) = match site.function {
            FunctionRef::Function(f) => (&module.functions[f], &info[f]),
            FunctionRef::EntryPoint(i) => {
                (&module.entry_points[i].function, info.get_entry_point(i))
            }
        };
        let scalar_of =
            |h: naga::Handle<Expression>| function_info[h].ty.inner_with(&module.types).scalar();
        let kind_of = |h| scalar_of(h).map(|s| s.kind);
        let is_int = |h| matches!(kind_of(h), Some(ScalarKind::Sint | ScalarKind::Uint));
        let helper: Option<(String, &'static [Target])> = match function.expressions[handle] {
            Expression::As {
                expr,
                kind: kind @ (ScalarKind::Sint | ScalarKind::Uint),
                convert: Some(width),
            } if kind_of(expr) == Some(ScalarKind::Float) => {
                let sign = if kind == ScalarKind::Sint { "i" } else { "u" };
                Some((format!("naga_f2{sign}{}", width * 8), HLSL_MSL))
            }
            Expression::Binary {
                op: naga::BinaryOperator::Divide,
                left,
                ..
            } if is_int(left) => Some(("naga_div".to_string(), HLSL_MSL)),
            Expression::Binary {
                op: naga::BinaryOperator::Modulo,
                left,
                ..
            } if is_int(left) => Some(("naga_mod".to_string(), HLSL_MSL)),
            Expression::Binary {
                op: naga::BinaryOperator::Modulo,
                left,
                ..
            } if kind_of(left) == Some(ScalarKind::Float) => Some(("naga_mod".to_string(), HLSL)),
            Expression::Unary {
                op: naga::UnaryOperator::Negate,
                expr,
            } if scalar_of(expr) == Some(naga::Scalar::I32) => {
                Some(("naga_neg".to_string(), HLSL_MSL))
            }
            Expression::Math {
                fun: naga::MathFunction::Abs,
                arg,
                ..
            } if scalar_of(arg) == Some(naga::Scalar::I32) => {
                Some(("naga_abs".to_string(), HLSL_MSL))
            }
            _ => None,
        };
        let Some((helper, targets)) = helper else {
            continue;
        };
        for _ in 0..written_times(module, function, function_info, handle) {
            out.push(Predicted {
                column: index as u32 + 2,
                kind: helper_kind(&helper),
                helper: helper.clone(),
                targets,
            });
        }
    }
    out
}

/// How many times the text writers write an expression out: once, unless it is used only
/// inside a pointer (the index of an access into a variable), which they write again at
/// every use: `local[i / 3u] += 1.0` writes `i / 3u` for the load and for the store.
fn written_times(
    module: &naga::Module,
    function: &naga::Function,
    info: &naga::valid::FunctionInfo,
    handle: naga::Handle<Expression>,
) -> usize {
    let is_pointer = |h: naga::Handle<Expression>| {
        info[h]
            .ty
            .inner_with(&module.types)
            .pointer_space()
            .is_some()
    };
    let mut current = handle;
    // Climb through single-use values into the pointer chain that holds them.
    for _ in 0..32 {
        if info[current].ref_count != 1 && !is_pointer(current) {
            return 1;
        }
        let parent = function.expressions.iter().find_map(|(h, e)| match *e {
            Expression::Access { base, index } if (index == current || base == current) => Some(h),
            Expression::AccessIndex { base, .. } if base == current => Some(h),
            _ => None,
        });
        match parent {
            Some(parent) if is_pointer(parent) => current = parent,
            _ => break,
        }
    }
    if is_pointer(current) && current != handle {
        info[current].ref_count.max(1)
    } else {
        1
    }
}

/// Calls of naga's helpers (see [`HELPERS`]) in written code, by name: every occurrence of
/// `name(` that is not the function's definition.
pub fn count_helper_calls(text: &str) -> BTreeMap<String, u32> {
    let mut calls: BTreeMap<String, u32> = BTreeMap::new();
    for line in text.lines() {
        let mut from = 0;
        while let Some(found) = line[from..].find("naga_") {
            let at = from + found;
            let tail = &line[at..];
            let len = tail
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(tail.len());
            let name = &tail[..len];
            let after = &tail[len..];
            let preceded_by_ident = line[..at]
                .chars()
                .last()
                .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_');
            if !preceded_by_ident
                && HELPERS.contains(&name)
                && after.starts_with('(')
                && !is_definition(line, at, after)
            {
                *calls.entry(name.to_string()).or_default() += 1;
            }
            from = at + len.max(1);
        }
    }
    calls
}

/// A definition is `TYPE name(params) {` at the start of a line (possibly with the brace
/// on the next line): the name follows only a type, and the line does not end in `;`.
fn is_definition(line: &str, at: usize, after: &str) -> bool {
    let before = line[..at].trim();
    let starts_line = !before.is_empty()
        && !before.contains(['=', '(', ',', '+', '-', '*', '/', '?'])
        && !before.starts_with("return");
    starts_line && !after.trim_end().ends_with(';')
}

#[cfg(test)]
mod tests {
    use super::count_helper_calls;

    #[test]
    fn definitions_are_not_calls() {
        let hlsl = "int naga_div(int lhs, int rhs) {\n    return lhs / (rhs == 0 ? 1 : rhs);\n}\n\
                    int2 naga_f2i32(float2 value) {\n    return int2(clamp(value, -2147483600.0, 2147483500.0));\n}\n\
                    void main() {\n    int q = naga_div(a, b) + naga_div(c, naga_f2i32(v).x);\n    int2 z = naga_f2i32(w);\n}\n";
        let calls = count_helper_calls(hlsl);
        assert_eq!(calls.get("naga_div"), Some(&2));
        assert_eq!(calls.get("naga_f2i32"), Some(&2));
        let msl = "metal::int4 naga_f2i32(metal::float4 value) {\n    return 0;\n}\n\
                   x = my_naga_f2i32(v); y = naga_f2i32(v);\n";
        assert_eq!(count_helper_calls(msl).get("naga_f2i32"), Some(&1));
    }
}
