//! The type of an expression, from tokens and the [`Types`] table, for the rewrites of
//! [`super::typed`] that act only where an operand's type is certain.
//!
//! Covered: literals; variables, struct members, indexing of arrays, vectors and matrices,
//! swizzles; constructors; calls of user functions (when every overload returns the same
//! type) and of the built-ins in [`builtin`]; parentheses; unary operators; the binary
//! arithmetic, bitwise, comparison and logical operators (with GLSL's rules for scalars,
//! vectors and matrices); the conditional operator; the built-in variables of [`builtin_variable`].
//! Anything else, or any part not known, gives `None`: a caller never acts on a guess.
//!
//! [`scalar_type_of`] gives only the component type (`float` for a `vec3` or a `mat2`), for
//! the implicit-conversion checks of [`super::conversions`]; it is also known where the full
//! type is not: a call of a built-in whose every overload is floating-point.

use std::ops::Range;

use super::arrays;
use super::builtins::{is_builtin_function, FLOAT_ONLY};
use super::items;
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
        _ => return None,
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
fn vector(ty: &str) -> Option<(&str, usize)> {
    let at = ty.find("vec")?;
    let n: usize = ty[at + 3..].parse().ok()?;
    let prefix = &ty[..at];
    (matches!(prefix, "" | "i" | "u" | "b") && (2..=4).contains(&n)).then_some((prefix, n))
}

fn scalar_of(prefix: &str) -> &'static str {
    match prefix {
        "i" => "int",
        "u" => "uint",
        "b" => "bool",
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

/// The result of `l op r` for an arithmetic operator.
fn arithmetic(l: &str, r: &str, op: &str) -> Option<String> {
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
    Some(match name {
        "length" | "distance" | "dot" | "determinant" => "float".to_string(),
        "any" | "all" => "bool".to_string(),
        "cross" => "vec3".to_string(),
        "radians" | "degrees" | "sin" | "cos" | "tan" | "asin" | "acos" | "atan" | "pow"
        | "exp" | "log" | "exp2" | "log2" | "sqrt" | "inversesqrt" | "abs" | "sign" | "floor"
        | "ceil" | "fract" | "mod" | "min" | "max" | "clamp" | "mix" | "normalize"
        | "faceforward" | "reflect" | "refract" | "dFdx" | "dFdy" | "fwidth" | "round"
        | "trunc" | "roundEven" | "matrixCompMult" | "inverse" | "sinh" | "cosh" | "tanh"
        | "asinh" | "acosh" | "atanh" => arg(0)?,
        "step" | "smoothstep" => arg(args.len().checked_sub(1)?)?,
        "transpose" => {
            let (c, r) = matrix(&arg(0)?)?;
            matrix_name(r, c)
        }
        "lessThan" | "lessThanEqual" | "greaterThan" | "greaterThanEqual" | "equal"
        | "notEqual" => format!("bvec{}", vector(&arg(0)?)?.1),
        "not" => arg(0)?,
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
            return then.or_else(|| self.expr(colon + 1..range.end, depth + 1));
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
                    plain(&format!("vec{}", matrix(&ty.ty)?.1))
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
        if (arrays::is_builtin_type(name) && !opaque) || self.types.structs.contains_key(name) {
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
        builtin(name, &typed).map(|ty| plain(&ty))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::front::glsl::preprocess::{preprocess, PreprocessOptions};
    use crate::source::{SourceFile, SourceFiles};

    const DECLS: &str = "struct L { vec3 c; mat3 m; float k[2]; }; uniform L l; uniform L ls[2]; \
        uniform vec4 v; uniform mat4 m4; uniform mat3x2 m32; uniform float f; uniform int i; \
        uniform sampler2D s; uniform sampler2DShadow sh; uniform isampler2D si; \
        L make(float x) { return l; } float g(float x) { return x; } \
        vec2 h(vec2 a) { return a; } vec3 h(vec3 a) { return a; }";

    /// The type of `expr`, declared after [`DECLS`], as text (`[]` for an array).
    fn ty(expr: &str) -> Option<String> {
        let source = format!("{DECLS} void main() {{ x = {expr} ; }}");
        let mut files = SourceFiles::new();
        let root = files.add(SourceFile::new("t.frag", None, &source));
        let tokens = match preprocess(&mut files, root, &PreprocessOptions::default()) {
            Ok(pre) => pre.tokens,
            Err(e) => panic!("preprocess failed: {e:?}"),
        };
        let eq = tokens.iter().rposition(|t| t.is_punct("="))?;
        let end = tokens.iter().rposition(|t| t.is_punct(";"))?;
        let types = Types::of(&tokens);
        type_of(&types, &tokens, eq + 1..end).map(|d| {
            if d.array {
                format!("{}[]", d.ty)
            } else {
                d.ty
            }
        })
    }

    #[test]
    fn types_literals_names_members_and_swizzles() {
        assert_eq!(ty("1.0").as_deref(), Some("float"));
        assert_eq!(ty("3").as_deref(), Some("int"));
        assert_eq!(ty("3u").as_deref(), Some("uint"));
        assert_eq!(ty("true").as_deref(), Some("bool"));
        assert_eq!(ty("l.c.x").as_deref(), Some("float"));
        assert_eq!(ty("ls[i + 1].c.xy").as_deref(), Some("vec2"));
        assert_eq!(ty("l.k").as_deref(), Some("float[]"));
        assert_eq!(ty("l.k[0]").as_deref(), Some("float"));
        assert_eq!(ty("l.m[1]").as_deref(), Some("vec3"));
        assert_eq!(ty("m4[0][1]").as_deref(), Some("float"));
        assert_eq!(ty("vec3(1.0).zx").as_deref(), Some("vec2"));
        assert_eq!(ty("ls.length()").as_deref(), Some("int"));
        assert_eq!(ty("unknown"), None);
        assert_eq!(ty("l.missing"), None);
    }

    #[test]
    fn types_calls() {
        assert_eq!(ty("make(f)").as_deref(), Some("L"));
        assert_eq!(ty("make(f).c").as_deref(), Some("vec3"));
        assert_eq!(ty("g(2.0)").as_deref(), Some("float"));
        assert_eq!(ty("h(v.xy)"), None, "overloads that disagree");
        assert_eq!(
            ty("L(vec3(0.0), mat3(1.0), float[2](0.0, 1.0))").as_deref(),
            Some("L")
        );
        assert_eq!(ty("max(f, 0.1)").as_deref(), Some("float"));
        assert_eq!(ty("clamp(v.xyz, 0.0, 1.0)").as_deref(), Some("vec3"));
        assert_eq!(ty("step(0.5, v)").as_deref(), Some("vec4"));
        assert_eq!(ty("dot(v, v)").as_deref(), Some("float"));
        assert_eq!(ty("cross(v.xyz, v.xyz)").as_deref(), Some("vec3"));
        assert_eq!(ty("transpose(m32)").as_deref(), Some("mat2x3"));
        assert_eq!(ty("lessThan(v, v)").as_deref(), Some("bvec4"));
        assert_eq!(ty("texture(s, v.xy)").as_deref(), Some("vec4"));
        assert_eq!(ty("texture(sh, v.xyz)").as_deref(), Some("float"));
        assert_eq!(ty("texture(si, v.xy)").as_deref(), Some("ivec4"));
        assert_eq!(ty("mystery(1.0)"), None);
        assert_eq!(ty("gl_FragCoord.xy").as_deref(), Some("vec2"));
        assert_eq!(ty("gl_FragData[0]").as_deref(), Some("vec4"));
    }

    #[test]
    fn scalar_types_of_float_only_builtins_need_no_argument_type() {
        let scalar = |expr: &str| {
            let source = format!(
                "{DECLS} float dot(int a, int b) {{ return 1.0; }} void main() {{ }} {expr}"
            );
            let mut files = SourceFiles::new();
            let root = files.add(SourceFile::new("t.frag", None, &source));
            let tokens = preprocess(&mut files, root, &PreprocessOptions::default())
                .map(|p| p.tokens)
                .unwrap_or_default();
            let start = tokens.len() - expr.split(' ').count();
            scalar_type_of(&Types::of(&tokens), &tokens, start..tokens.len())
        };
        assert_eq!(scalar("sin ( mystery )"), Some("float"));
        assert_eq!(scalar("normalize ( mystery ) . x"), Some("float"));
        assert_eq!(
            scalar("dot ( i , i )"),
            None,
            "the user's overload or the built-in"
        );
        assert_eq!(scalar("clamp ( i , 0 , 1 )"), Some("int"));
        assert_eq!(scalar("ls"), None, "an array");
    }

    #[test]
    fn locals_are_typed_in_their_own_function() {
        let source = "struct H { float t; }; float g(float h) { return h; } \
            void main() { H h; x = h ; } vec2 h2; void k() { x = h2 ; x = h ; }";
        let mut files = SourceFiles::new();
        let root = files.add(SourceFile::new("t.frag", None, source));
        let tokens = match preprocess(&mut files, root, &PreprocessOptions::default()) {
            Ok(pre) => pre.tokens,
            Err(e) => panic!("preprocess failed: {e:?}"),
        };
        let types = Types::of(&tokens);
        let uses: Vec<usize> = (1..tokens.len())
            .filter(|&i| tokens[i - 1].is_punct("=") && tokens[i].kind == TokenKind::Ident)
            .collect();
        let at = |k: usize| type_of(&types, &tokens, uses[k]..uses[k] + 1).map(|d| d.ty);
        assert_eq!(
            at(0).as_deref(),
            Some("H"),
            "main's local, not g's parameter"
        );
        assert_eq!(at(1).as_deref(), Some("vec2"), "a global");
        assert_eq!(at(2), None, "k has no `h`: neither function's is visible");
    }

    #[test]
    fn types_operators() {
        assert_eq!(ty("v * 2.0 - 1.0").as_deref(), Some("vec4"));
        assert_eq!(ty("2.0 * f").as_deref(), Some("float"));
        assert_eq!(ty("m4 * v").as_deref(), Some("vec4"));
        assert_eq!(ty("v.xyz * l.m").as_deref(), Some("vec3"));
        assert_eq!(ty("m32 * v.xyz").as_deref(), Some("vec2"));
        assert_eq!(ty("m4 * m4").as_deref(), Some("mat4"));
        assert_eq!(ty("-(f + 1.0)").as_deref(), Some("float"));
        assert_eq!(ty("f > 0.0 ? l : make(f)").as_deref(), Some("L"));
        assert_eq!(ty("f > 0.0 && i == 2").as_deref(), Some("bool"));
        assert_eq!(ty("!(f > 0.0)").as_deref(), Some("bool"));
        assert_eq!(ty("i << 2").as_deref(), Some("int"));
        assert_eq!(ty("v.xy * v.xyz"), None, "mismatched vectors");
    }
}
