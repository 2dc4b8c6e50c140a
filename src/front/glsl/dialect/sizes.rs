//! Byte sizes of declarations, estimated from tokens, to refuse arrays that naga's GLSL
//! reader cannot lay out: it computes offsets and spans in `u32` and panics on overflow
//! (`uint bins[2147483647]` in a buffer block, `shared float big[2147483647]`), where its WGSL
//! reader reports an error. Found by fuzzing.
//!
//! The estimate errs high: every array element takes at least 16 bytes (std140's stride),
//! vectors take 16 or 32, a matrix one such vector per column, and a struct the sum of its
//! members. An array dimension is evaluated when it is an integer constant expression of
//! literals and `const int`/`const uint` names; any other counts as 1.

use std::collections::HashMap;

use super::consts::Constants;
use crate::diagnostic::{error_at, Diagnostic};
use crate::front::glsl::preprocess::{Token, TokenKind};

/// The largest declaration accepted, estimated as above: far beyond any buffer a shader
/// declares with a fixed size, and, since the estimate errs high, below the 4 GiB where
/// naga's `u32` arithmetic overflows.
pub const MAX_BYTES: u64 = 1 << 31;

/// The bytes of a built-in type, padded as in std140, or `None` for a name that is not one.
fn builtin_bytes(name: &str) -> Option<u64> {
    if matches!(name, "bool" | "int" | "uint" | "float") {
        return Some(4);
    }
    if name == "double" {
        return Some(8);
    }
    // `dvec3`, `dmat4`: doubles.
    let (core, scale) = match name.strip_prefix('d') {
        Some(core) => (core, 2),
        None => (name, 1),
    };
    let size = |rest: &str| matches!(rest, "2" | "3" | "4");
    if let Some(rest) = ["vec", "ivec", "uvec", "bvec"]
        .iter()
        .find_map(|p| core.strip_prefix(p))
    {
        return size(rest).then_some(16 * scale);
    }
    let rest = core.strip_prefix("mat")?;
    let (columns, rows) = rest.split_once('x').unwrap_or((rest, "4"));
    (size(columns) && size(rows)).then(|| columns.parse::<u64>().unwrap_or(4) * 16 * scale)
}

/// `[ N ]` groups from `at`: the product of their sizes, literal or a `const` integer
/// initialised with one (others count 1), and the index after them.
fn dimensions(tokens: &[Token], consts: &Constants, mut at: usize) -> (u64, usize) {
    let mut product: u64 = 1;
    while tokens.get(at).is_some_and(|t| t.is_punct("[")) {
        let mut end = at + 1;
        let mut depth = 1;
        while end < tokens.len() && depth > 0 {
            if tokens[end].is_punct("[") {
                depth += 1;
            } else if tokens[end].is_punct("]") {
                depth -= 1;
            }
            end += 1;
        }
        if let Some(n) = tokens
            .get(at + 1..end.saturating_sub(1))
            .and_then(|inner| consts.eval(inner))
        {
            let n = u64::try_from(n.max(1)).unwrap_or(u64::MAX);
            product = product.saturating_mul(n);
        }
        at = end;
    }
    (product, at)
}

/// An error at the first declaration estimated over [`MAX_BYTES`], if any.
pub fn refuse_oversized(tokens: &[Token]) -> Result<(), Diagnostic> {
    let Some((at, bytes)) = check(tokens) else {
        return Ok(());
    };
    let token = &tokens[at];
    Err(error_at(
        "E-LIMIT",
        format!(
            "`{}` may take up to {} MiB: more than prism compiles ({} MiB)",
            token.text,
            bytes >> 20,
            MAX_BYTES >> 20
        ),
        token.loc,
        "declared here",
    ))
}

/// The first declaration estimated over [`MAX_BYTES`]: the index of its name token and the
/// estimate.
fn check(tokens: &[Token]) -> Option<(usize, u64)> {
    let mut structs: HashMap<&str, u64> = HashMap::new();
    // `const int N = 64;` (a `#define`d size arrives here as a literal already).
    let consts = Constants::of(tokens);
    // Struct (or block) bodies being summed: the name they define and the running total.
    let mut open: Vec<(Option<&str>, u64, usize)> = Vec::new();
    // Braces open at this token (struct and block bodies, functions, statements).
    let mut braces = 0usize;
    let mut i = 0;
    while i < tokens.len() {
        let token = &tokens[i];
        if token.is_punct("{") {
            braces += 1;
            // `struct S {` or a block `uniform B {` / `buffer B {`: sum its members.
            let named = i >= 2 && tokens[i - 1].kind == TokenKind::Ident;
            let is_struct = named && tokens[i - 2].is_ident("struct");
            let is_block = named
                && ["uniform", "buffer", "in", "out"]
                    .iter()
                    .any(|q| tokens[i - 2].is_ident(q));
            if is_struct || is_block {
                let name = is_struct.then(|| tokens[i - 1].text.as_str());
                open.push((name, 0, braces));
            }
            i += 1;
            continue;
        }
        if token.is_punct("}") {
            if open.last().is_some_and(|(_, _, depth)| *depth == braces) {
                let (name, total, _) = open.pop().unwrap_or_default();
                if let Some(name) = name {
                    structs.insert(name, total);
                }
                if total > MAX_BYTES {
                    return Some((i, total));
                }
                // `} instance[N];`: the whole block, N times.
                if tokens
                    .get(i + 1)
                    .is_some_and(|t| t.kind == TokenKind::Ident)
                {
                    let (n, _) = dimensions(tokens, &consts, i + 2);
                    let bytes = total.saturating_mul(n);
                    if bytes > MAX_BYTES {
                        return Some((i + 1, bytes));
                    }
                }
            }
            braces = braces.saturating_sub(1);
            i += 1;
            continue;
        }
        let base = if token.kind == TokenKind::Ident {
            builtin_bytes(&token.text).or_else(|| structs.get(token.text.as_str()).copied())
        } else {
            None
        };
        let Some(base) = base else {
            i += 1;
            continue;
        };
        // `T[N] a, b[M];`
        let (type_dims, mut at) = dimensions(tokens, &consts, i + 1);
        let mut declared = false;
        while tokens.get(at).is_some_and(|t| t.kind == TokenKind::Ident) {
            let name_at = at;
            let (dims, next) = dimensions(tokens, &consts, at + 1);
            let count = type_dims.saturating_mul(dims);
            let element = if count > 1 { base.max(16) } else { base };
            let bytes = element.saturating_mul(count);
            if bytes > MAX_BYTES {
                return Some((name_at, bytes));
            }
            if let Some((_, total, _)) = open.last_mut() {
                *total = total.saturating_add(bytes);
            }
            declared = true;
            // Skip an initializer up to the next `,` or `;` at this level.
            at = next;
            if tokens.get(at).is_some_and(|t| t.is_punct("=")) {
                let mut depth = 0i32;
                while let Some(t) = tokens.get(at) {
                    if t.is_punct("(") || t.is_punct("[") || t.is_punct("{") {
                        depth += 1;
                    } else if t.is_punct(")") || t.is_punct("]") || t.is_punct("}") {
                        depth -= 1;
                    } else if depth <= 0 && (t.is_punct(",") || t.is_punct(";")) {
                        break;
                    }
                    at += 1;
                }
            }
            if tokens.get(at).is_some_and(|t| t.is_punct(",")) {
                at += 1;
            } else {
                break;
            }
        }
        i = if declared { at } else { i + 1 };
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_types_are_sized_as_padded_std140() {
        for (name, bytes) in [
            ("float", Some(4)),
            ("double", Some(8)),
            ("vec3", Some(16)),
            ("dvec2", Some(32)),
            ("uvec4", Some(16)),
            ("mat4", Some(64)),
            ("mat2x3", Some(32)),
            ("dmat3", Some(96)),
            ("vector", None),
            ("data", None),
            ("mat5", None),
        ] {
            assert_eq!(builtin_bytes(name), bytes, "{name}");
        }
    }
}
