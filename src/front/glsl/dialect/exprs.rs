//! The type of an expression, from tokens and the [`Types`] table, for the rewrites of
//! [`super::typed`] that act only where an operand's type is certain.
//!
//! Covered: literals; variables, struct members, indexing of arrays, vectors and matrices,
//! swizzles; constructors; calls of user functions (when every overload returns the same
//! type) and of the built-ins in [`builtin`] and [`result_types`]; parentheses; unary
//! operators; the binary arithmetic, bitwise, comparison and logical operators (with GLSL's
//! rules for scalars, vectors and matrices, and desktop GLSL's implicit conversions between
//! kinds: `u + 1` is a `uint`); the conditional operator; the built-in variables of
//! [`builtin_variable`] and [`result_types`].
//! Anything else, or any part not known, gives `None`: a caller never acts on a guess.
//!
//! [`scalar_type_of`] gives only the component type (`float` for a `vec3` or a `mat2`), for
//! the implicit-conversion checks of [`super::conversions`]; it is also known where the full
//! type is not: a call of a built-in whose every overload is floating-point.

use std::ops::Range;

use super::arrays;
use super::builtins::{is_builtin_function, FLOAT_ONLY};
use super::half_types::{
    has_f16_overload, is_f16_literal, is_f16_type, is_f32_float, narrowed, widened,
};
use super::items;
use super::result_types;
use super::types::{Declared, Types};
use crate::front::glsl::preprocess::{Token, TokenKind};

/// Binding strength of a binary operator (higher binds tighter); `None` for anything else.
pub(super) fn precedence(op: &str) -> Option<u8> {
    Some(match op {
        "*" | "/" | "%" => 12,
        "+" | "-" => 11,
        "<<" | ">>" => 10,
        "<" | ">" | "<=" | ">=" => 9,
        "==" | "!=" => 8,
        "&" => 7,
        "^" => 6,
        "|" => 5,
        "&&" => 4,
        "^^" => 3,
        "||" => 2,
        _ => return None,
    })
}

/// How deep an expression may nest before the typer gives up.
const MAX_DEPTH: usize = 64;

/// The type of `tokens[range]`, when it is certain.
pub(super) fn type_of(types: &Types, tokens: &[Token], range: Range<usize>) -> Option<Declared> {
    Typer { types, tokens }.expr(range, 0)
}

/// The component type (`float`, `int`, `uint`, `bool`) of `tokens[range]`, when it is
/// certain and the expression is not an array.
pub(super) fn scalar_type_of(
    types: &Types,
    tokens: &[Token],
    range: Range<usize>,
) -> Option<&'static str> {
    if let Some(declared) = type_of(types, tokens, range.clone()) {
        return if declared.array {
            None
        } else {
            scalar_type(&declared.ty)
        };
    }
    // `sin(x)`, `normalize(v).x`: every overload returns a float type, whatever `x` is.
    let name = tokens.get(range.start)?;
    let open = range.start + 1;
    let called = open < range.end && tokens[open].is_punct("(");
    if !called || !FLOAT_ONLY.contains(&name.text.as_str()) || types.declares_function(&name.text) {
        return None;
    }
    let mut k = items::matching_close(tokens, open, range.end)? + 1;
    while k < range.end {
        if tokens[k].is_punct("[") {
            k = items::matching_close(tokens, k, range.end)? + 1;
        } else if tokens[k].is_punct(".")
            && tokens
                .get(k + 1)
                .is_some_and(|m| m.kind == TokenKind::Ident)
            && !tokens.get(k + 2).is_some_and(|t| t.is_punct("("))
        {
            k += 2;
        } else {
            return None;
        }
    }
    (k == range.end).then_some("float")
}

/// The component type of a scalar, vector or matrix type name.
pub(super) fn scalar_type(ty: &str) -> Option<&'static str> {
    if is_f16_type(ty) {
        return Some("float16_t");
    }
    match ty {
        "float" => Some("float"),
        "int" => Some("int"),
        "uint" => Some("uint"),
        "bool" => Some("bool"),
        _ if matrix(ty).is_some() => Some("float"),
        _ => vector(ty).map(|(prefix, _)| scalar_of(prefix)),
    }
}

/// The built-in variables an expression may name, with their types.
fn builtin_variable(name: &str) -> Option<Declared> {
    let ty = match name {
        "gl_FragCoord" | "gl_Position" | "gl_FragColor" => "vec4",
        "gl_FragData" => {
            return Some(Declared {
                ty: "vec4".to_string(),
                array: true,
            })
        }
        "gl_PointSize" | "gl_FragDepth" => "float",
        "gl_PointCoord" => "vec2",
        "gl_VertexID" | "gl_InstanceID" => "int",
        _ => {
            let (ty, array) = result_types::variable(name)?;
            return Some(Declared {
                ty: ty.to_string(),
                array,
            });
        }
    };
    Some(plain(ty))
}

fn plain(ty: &str) -> Declared {
    Declared {
        ty: ty.to_string(),
        array: false,
    }
}

/// Whether `t` can end an operand (so that an operator after it is binary).
fn ends_operand(t: &Token) -> bool {
    matches!(t.kind, TokenKind::Ident | TokenKind::Int | TokenKind::Float)
        || t.is_punct(")")
        || t.is_punct("]")
        || t.is_punct("++")
        || t.is_punct("--")
}

/// `(component type prefix, size)` of a vector type: `vec3` is `("", 3)`, `ivec2` `("i", 2)`.
pub(super) fn vector(ty: &str) -> Option<(&str, usize)> {
    let at = ty.find("vec")?;
    let n: usize = ty[at + 3..].parse().ok()?;
    let prefix = &ty[..at];
    (matches!(prefix, "" | "i" | "u" | "b" | "f16") && (2..=4).contains(&n)).then_some((prefix, n))
}

/// The vector prefix of the scalar type `ty` when `swizzle` is a swizzle of it (`x`, `rrr`).
fn scalar_swizzle(ty: &str, swizzle: &str) -> Option<&'static str> {
    let prefix = match ty {
        "float" => "",
        "int" => "i",
        "uint" => "u",
        "bool" => "b",
        _ => return None,
    };
    let first = swizzle.chars().next()?;
    let same = matches!(first, 'x' | 'r' | 's') && swizzle.chars().all(|c| c == first);
    (same && swizzle.len() <= 4).then_some(prefix)
}

fn scalar_of(prefix: &str) -> &'static str {
    match prefix {
        "i" => "int",
        "u" => "uint",
        "b" => "bool",
        "f16" => "float16_t",
        _ => "float",
    }
}

/// `(columns, rows)` of a float matrix type.
pub(super) fn matrix(ty: &str) -> Option<(usize, usize)> {
    let dims = ty.strip_prefix("mat")?;
    let (c, r) = match dims.split_once('x') {
        Some((c, r)) => (c.parse().ok()?, r.parse().ok()?),
        None => {
            let n = dims.parse().ok()?;
            (n, n)
        }
    };
    ((2..=4).contains(&c) && (2..=4).contains(&r)).then_some((c, r))
}

fn matrix_name(columns: usize, rows: usize) -> String {
    if columns == rows {
        format!("mat{columns}")
    } else {
        format!("mat{columns}x{rows}")
    }
}

fn is_scalar(ty: &str) -> bool {
    matches!(ty, "float" | "int" | "uint" | "bool")
}

/// The result of `l op r` for an arithmetic operator. With a 16-bit float operand: 16-bit
/// when both are, 32-bit when the other is a 32-bit float (GLSL widens), unknown with an
/// integer (GLSL has no such conversion).
fn arithmetic(l: &str, r: &str, op: &str) -> Option<String> {
    let ((l32, lh), (r32, rh)) = (widened(l), widened(r));
    if lh || rh {
        let other = if lh { r } else { l };
        if !(is_f32_float(other) || lh && rh) {
            return None;
        }
        let result = arithmetic(&l32, &r32, op)?;
        return Some(if lh && rh { narrowed(&result) } else { result });
    }
    if op == "*" {
        match (matrix(l), matrix(r), vector(l), vector(r)) {
            (Some((lc, lr)), Some((rc, rr)), ..) if lc == rr => {
                return Some(matrix_name(rc, lr));
            }
            (Some((lc, lr)), None, _, Some(("", n))) if n == lc => return Some(format!("vec{lr}")),
            (None, Some((rc, rr)), Some(("", n)), _) if n == rr => return Some(format!("vec{rc}")),
            _ => {}
        }
    }
    if l == r {
        Some(l.to_string())
    } else if let Some(ty) = result_types::promoted(l, r) {
        Some(ty) // `u + 1`, `2 * v`: desktop GLSL converts the other kind
    } else if is_scalar(l) {
        Some(r.to_string())
    } else if is_scalar(r) {
        Some(l.to_string())
    } else {
        None
    }
}

/// The return type of a built-in function called with arguments of types `args`.
fn builtin(name: &str, args: &[Option<Declared>]) -> Option<String> {
    let arg = |k: usize| -> Option<String> {
        args.get(k)?
            .as_ref()
            .filter(|d| !d.array)
            .map(|d| d.ty.clone())
    };
    let plain_args: Vec<Option<String>> = (0..args.len()).map(arg).collect();
    if let Some(ty) = result_types::call_result(name, &plain_args) {
        return Some(ty);
    }
    Some(match name {
        "length" | "distance" | "dot" | "determinant" => "float".to_string(),
        "any" | "all" => "bool".to_string(),
        "cross" => "vec3".to_string(),
        "radians" | "degrees" | "sin" | "cos" | "tan" | "asin" | "acos" | "atan" | "pow"
        | "exp" | "log" | "exp2" | "log2" | "sqrt" | "inversesqrt" | "abs" | "sign" | "floor"
        | "ceil" | "fract" | "mod" | "min" | "max" | "clamp" | "mix" | "normalize"
        | "faceforward" | "reflect" | "refract" | "dFdx" | "dFdy" | "fwidth" | "round"
        | "trunc" | "roundEven" | "matrixCompMult" | "inverse" | "sinh" | "cosh" | "tanh"
        | "asinh" | "acosh" | "atanh" | "fma" | "ldexp" | "dFdxFine" | "dFdyFine"
        | "fwidthFine" | "dFdxCoarse" | "dFdyCoarse" | "fwidthCoarse" => arg(0)?,
        "isnan" | "isinf" => match vector(&arg(0)?) {
            Some((_, n)) => format!("bvec{n}"),
            None => "bool".to_string(),
        },
        "step" | "smoothstep" => arg(args.len().checked_sub(1)?)?,
        "transpose" => {
            let (c, r) = matrix(&arg(0)?)?;
            matrix_name(r, c)
        }
        "lessThan" | "lessThanEqual" | "greaterThan" | "greaterThanEqual" | "equal"
        | "notEqual" => format!("bvec{}", vector(&arg(0)?)?.1),
        "not" => arg(0)?,
        "packFloat2x16" => "uint".to_string(),
        "unpackFloat2x16" => "f16vec2".to_string(),
        "texture2D" | "texture2DProj" | "texture2DLod" | "texture2DProjLod" | "textureCube"
        | "textureCubeLod" | "texture" | "textureProj" | "textureLod" | "textureGrad"
        | "textureOffset" | "texelFetch" | "textureLodOffset" | "textureProjLod"
        | "texture2DLodEXT" | "textureCubeLodEXT" | "texture2DGradEXT" => {
            let sampler = arg(0)?;
            if sampler.contains("Shadow") {
                "float".to_string()
            } else if sampler.starts_with("isampler") {
                "ivec4".to_string()
            } else if sampler.starts_with("usampler") {
                "uvec4".to_string()
            } else {
                "vec4".to_string()
            }
        }
        _ => return None,
    })
}

/// [`builtin`], with GLSL's rule for 16-bit float arguments: all 16-bit, the 16-bit
/// overload; mixed with 32-bit floats, the 32-bit one (`super::f16` reports the ambiguous).
fn builtin_typed(name: &str, args: &[Option<Declared>]) -> Option<String> {
    let half = |d: &Option<Declared>| d.as_ref().is_some_and(|d| widened(&d.ty).1);
    if !args.iter().any(half) || matches!(name, "packFloat2x16" | "unpackFloat2x16") {
        return builtin(name, args);
    }
    let single = args
        .iter()
        .all(|d| half(d) || d.as_ref().is_some_and(|d| !is_f32_float(&d.ty)));
    let wide: Vec<Option<Declared>> = args
        .iter()
        .map(|d| {
            d.as_ref().map(|d| Declared {
                ty: widened(&d.ty).0,
                array: d.array,
            })
        })
        .collect();
    let result = builtin(name, &wide)?;
    Some(if single && has_f16_overload(name) {
        narrowed(&result)
    } else {
        result
    })
}

struct Typer<'a> {
    types: &'a Types,
    tokens: &'a [Token],
}

impl Typer<'_> {
    fn expr(&self, range: Range<usize>, depth: usize) -> Option<Declared> {
        if range.is_empty() || depth > MAX_DEPTH {
            return None;
        }
        let tokens = self.tokens;
        // The operators at depth 0: `?`, and binary operators.
        let mut question = None;
        let mut binary: Vec<usize> = Vec::new();
        let mut i = range.start;
        while i < range.end {
            let t = &tokens[i];
            if t.is_punct("(") || t.is_punct("[") {
                i = items::matching_close(tokens, i, range.end)?;
            } else if t.is_punct(",") || t.is_punct("=") || t.is_punct(";") {
                return None;
            } else if t.is_punct("?") {
                question.get_or_insert(i);
            } else if t.kind == TokenKind::Punct
                && i > range.start
                && ends_operand(&tokens[i - 1])
                && precedence(&t.text).is_some()
            {
                binary.push(i);
            }
            i += 1;
        }
        if let Some(q) = question {
            let colon = (q + 1..range.end).find(|&k| tokens[k].is_punct(":"))?;
            let then = self.expr(q + 1..colon, depth + 1);
            let other = self.expr(colon + 1..range.end, depth + 1);
            if let (Some(a), Some(b)) = (&then, &other) {
                // `c ? u : 0`: desktop GLSL converts one side to the other's kind.
                if let Some(ty) = result_types::promoted(&a.ty, &b.ty) {
                    return (!a.array && !b.array).then(|| plain(&ty));
                }
            }
            return then.or(other);
        }
        // The loosest-binding operator, the rightmost of its level (all are left-associative).
        let loosest = binary
            .iter()
            .filter_map(|&k| precedence(&tokens[k].text))
            .min();
        if let Some(level) = loosest {
            let op = *binary
                .iter()
                .rev()
                .find(|&&k| precedence(&tokens[k].text) == Some(level))?;
            let text = tokens[op].text.as_str();
            if matches!(
                text,
                "||" | "^^" | "&&" | "==" | "!=" | "<" | ">" | "<=" | ">="
            ) {
                return Some(plain("bool"));
            }
            let l = self.expr(range.start..op, depth + 1)?;
            if matches!(text, "<<" | ">>") {
                return Some(l);
            }
            let r = self.expr(op + 1..range.end, depth + 1)?;
            if l.array || r.array {
                return None;
            }
            return arithmetic(&l.ty, &r.ty, text).map(|ty| plain(&ty));
        }
        let first = &tokens[range.start];
        if first.is_punct("!") {
            return Some(plain("bool"));
        }
        if ["-", "+", "~", "++", "--"]
            .iter()
            .any(|p| first.is_punct(p))
        {
            return self.expr(range.start + 1..range.end, depth + 1);
        }
        self.postfix(range, depth)
    }

    /// A primary expression and its suffixes: `.member`, `.xyz`, `[i]`, `++`, `--`.
    fn postfix(&self, range: Range<usize>, depth: usize) -> Option<Declared> {
        let tokens = self.tokens;
        let first = &tokens[range.start];
        let mut i = range.start + 1;
        let mut ty = match first.kind {
            TokenKind::Float if is_f16_literal(first) => plain("float16_t"),
            TokenKind::Float => plain("float"),
            TokenKind::Int if first.text.ends_with(['u', 'U']) => plain("uint"),
            TokenKind::Int => plain("int"),
            TokenKind::Punct if first.is_punct("(") => {
                let close = items::matching_close(tokens, range.start, range.end)?;
                i = close + 1;
                self.expr(range.start + 1..close, depth + 1)?
            }
            TokenKind::Ident if first.text == "true" || first.text == "false" => plain("bool"),
            TokenKind::Ident if tokens.get(i).is_some_and(|t| t.is_punct("(")) => {
                let close = items::matching_close(tokens, i, range.end)?;
                let ty = self.call(&first.text, i + 1..close, depth)?;
                i = close + 1;
                ty
            }
            TokenKind::Ident => match self.types.var_at(&first.text, range.start) {
                Some(declared) => declared.clone(),
                None => builtin_variable(&first.text)?,
            },
            _ => return None,
        };
        while i < range.end {
            let t = &tokens[i];
            if t.is_punct("[") {
                let close = items::matching_close(tokens, i, range.end)?;
                ty = if ty.array {
                    Declared {
                        ty: ty.ty,
                        array: false,
                    }
                } else if let Some((prefix, _)) = vector(&ty.ty) {
                    plain(scalar_of(prefix))
                } else {
                    let (wide, half) = widened(&ty.ty);
                    let column = format!("vec{}", matrix(&wide)?.1);
                    plain(&if half { narrowed(&column) } else { column })
                };
                i = close + 1;
            } else if t.is_punct(".") {
                let member = tokens.get(i + 1).filter(|_| i + 1 < range.end)?;
                if member.text == "length" {
                    return (range.end == i + 4).then(|| plain("int"));
                }
                if ty.array {
                    return None;
                }
                ty = if let Some((prefix, _)) = vector(&ty.ty) {
                    match member.text.len() {
                        1 => plain(scalar_of(prefix)),
                        n @ 2..=4 => plain(&format!("{prefix}vec{n}")),
                        _ => return None,
                    }
                } else if let Some(prefix) = scalar_swizzle(&ty.ty, &member.text) {
                    match member.text.len() {
                        1 => ty,
                        n => plain(&format!("{prefix}vec{n}")),
                    }
                } else {
                    let members = self.types.members(&ty.ty)?;
                    members.iter().find(|(n, _)| *n == member.text)?.1.clone()
                };
                i += 2;
            } else if t.is_punct("++") || t.is_punct("--") {
                i += 1;
            } else {
                return None;
            }
        }
        Some(ty)
    }

    /// `name(args)`: a constructor, a user function or a built-in.
    fn call(&self, name: &str, args: Range<usize>, depth: usize) -> Option<Declared> {
        let base = name.strip_prefix(['i', 'u']).unwrap_or(name);
        let opaque = ["sampler", "texture", "image"]
            .iter()
            .any(|p| name.starts_with(p) || base.starts_with(p));
        // `sampler2D(t, s)`: a combined sampler (`texture2D(...)` is ES 1.00's sampling call).
        let combined = base.starts_with("sampler") && base != "sampler" && base != "samplerShadow";
        if (arrays::is_builtin_type(name) && (!opaque || combined))
            || self.types.structs.contains_key(name)
        {
            return Some(plain(name));
        }
        if self.types.declares_function(name) && is_builtin_function(name) {
            return None; // the user's overload or the built-in: not known which
        }
        if let Some(ty) = self.types.function(name) {
            return Some(plain(ty));
        }
        if self.types.declares_function(name) {
            return None; // overloads that disagree
        }
        let mut typed = Vec::new();
        let mut start = args.start;
        let mut k = args.start;
        while k < args.end {
            let t = &self.tokens[k];
            if t.is_punct("(") || t.is_punct("[") {
                k = items::matching_close(self.tokens, k, args.end)?;
            } else if t.is_punct(",") {
                typed.push(self.expr(start..k, depth + 1));
                start = k + 1;
            }
            k += 1;
        }
        if start < args.end {
            typed.push(self.expr(start..args.end, depth + 1));
        }
        builtin_typed(name, &typed).map(|ty| plain(&ty))
    }
}

/// The operators that write their operand: assignments, `++` and `--`.
pub(super) const WRITES: &[&str] = &[
    "=", "+=", "-=", "*=", "/=", "%=", "<<=", ">>=", "&=", "|=", "^=", "++", "--",
];

/// Whether the name at `at` is written: past its `.member` and `[index]` suffixes (up to
/// `end`) an assignment or `++`/`--` follows, or `++`/`--` comes before it.
pub(super) fn written_at(tokens: &[Token], at: usize, end: usize) -> bool {
    let mut j = at + 1;
    while j < end {
        if tokens[j].is_punct(".") {
            j += 2;
        } else if tokens[j].is_punct("[") {
            j = items::matching_close(tokens, j, end).map_or(end, |c| c + 1);
        } else {
            break;
        }
    }
    let after = tokens
        .get(j)
        .is_some_and(|n| n.kind == TokenKind::Punct && WRITES.contains(&n.text.as_str()));
    after || (at > 0 && (tokens[at - 1].is_punct("++") || tokens[at - 1].is_punct("--")))
}
