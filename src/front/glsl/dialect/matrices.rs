//! `mat2`, `mat3x2` and `mat4x2` uniforms, which naga refuses in std140 blocks
//! (gfx-rs/wgpu#4375), declared as arrays of `vec4` columns and rebuilt at each use.
//!
//! std140 stores a `matCx2` as `C` columns of 16 bytes each, exactly the layout of
//! `vec4[C]`, so the host's buffer does not change: `uniform mat2 m;` becomes
//! `uniform vec4 m[2];`, and every use of `m` becomes `mat2(m[0].xy, m[1].xy)`; an array
//! `uniform mat2 ms[4];` becomes `vec4 ms[8]` and `ms[i]` becomes
//! `mat2(ms[(i) * 2].xy, ms[(i) * 2 + 1].xy)`. The rebuilt matrix carries the location of the
//! use, so `annotate` shows its cost on the user's line.
//!
//! Covered: loose uniforms (gathered into `prism_globals` afterwards) and members of std140
//! uniform blocks, named or anonymous (a std430 one, push constants by default, stores
//! `vec2` columns, which naga reads). A matrix array used without an index (passed whole to a
//! function) is `E-UNSUPPORTED`. A `matCx2` member of a struct is `struct_members`'.
//!
//! Trap: a parameter or local of the same name shadows the uniform inside its function.

use std::collections::HashMap;
use std::ops::Range;

use super::block_layout::{packing, Packing};
use super::items::{self, ItemKind};
use super::tokens::{self, gen, renamed, Edit};
use crate::diagnostic::{error_at, Diagnostic};
use crate::front::glsl::preprocess::{Token, TokenKind};

/// The columns of a matrix type naga refuses in std140.
fn columns(ty: &str) -> Option<u32> {
    match ty {
        "mat2" | "mat2x2" => Some(2),
        "mat3x2" => Some(3),
        "mat4x2" => Some(4),
        _ => None,
    }
}

/// A rewritten matrix: its type and columns, whether it is an array.
#[derive(Clone)]
struct Split {
    ty: String,
    columns: u32,
    array: bool,
}

/// Where a rewritten matrix is reached: a plain name, or `instance.member`.
type Key = (Option<String>, String);

/// The rewrite of the module docs.
pub(super) fn split_matrix_uniforms(tokens: Vec<Token>) -> Result<Vec<Token>, Vec<Diagnostic>> {
    let Ok(items) = items::split_items(&tokens) else {
        return Ok(tokens);
    };
    let mut edits = Vec::new();
    let mut splits: HashMap<Key, Split> = HashMap::new();
    for item in &items {
        if item.kind != ItemKind::Declaration {
            continue;
        }
        let q = items::qualifiers(&tokens, item.range.clone());
        // std430 (push constants, `layout(std430)`) stores a `matCx2` as `vec2` columns,
        // which naga reads as it is.
        if !q.has("uniform") || packing(&q) == Packing::Std430 {
            continue;
        }
        if q.opens_block(&tokens) {
            let Some((instance, members)) = items::block_members(&tokens, &q, item) else {
                continue;
            };
            for member in members {
                declare(&tokens, member, &instance, &mut edits, &mut splits);
            }
        } else {
            let end = item.range.end.saturating_sub(1);
            declare(&tokens, q.type_start..end, &None, &mut edits, &mut splits);
        }
    }
    if splits.is_empty() {
        return Ok(tokens);
    }
    let mut errors = Vec::new();
    for item in &items {
        if let ItemKind::Function { params, body, .. } = &item.kind {
            let shadowed = items::local_names(&tokens, params.clone(), body.clone());
            let live: HashMap<Key, Split> = splits
                .iter()
                .filter(|((instance, name), _)| {
                    !shadowed.contains(instance.as_ref().unwrap_or(name))
                })
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            let out = rebuild(&tokens, body.clone(), &live, &mut errors);
            edits.push(Edit::replace(body.clone(), out));
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(tokens::apply(tokens, edits))
}

/// One declaration `T a, b[N];` in `range` (type first, no `;`): a `matCx2` type becomes
/// `vec4`, each declarator gets `[C]` or `[(N) * C]`.
fn declare(
    tokens: &[Token],
    range: Range<usize>,
    instance: &Option<String>,
    edits: &mut Vec<Edit>,
    splits: &mut HashMap<Key, Split>,
) {
    let Some(at) = range.clone().find(|&i| {
        tokens[i].kind == TokenKind::Ident && !items::PRECISIONS.contains(&tokens[i].text.as_str())
    }) else {
        return;
    };
    let ty = &tokens[at];
    let Some(c) = columns(&ty.text) else {
        return;
    };
    if tokens.get(at + 1).is_some_and(|t| t.is_punct("[")) {
        return; // `mat2[2] m`: left for naga to report.
    }
    edits.push(Edit::replace(at..at + 1, vec![renamed(ty, "vec4")]));
    let mut i = at + 1;
    while i < range.end {
        let t = &tokens[i];
        if t.kind == TokenKind::Ident {
            let array = tokens.get(i + 1).is_some_and(|n| n.is_punct("["));
            if array {
                let Some(close) = items::matching_close(tokens, i + 1, range.end) else {
                    return;
                };
                let mut size = gen("(", t.loc);
                size.extend(tokens[i + 2..close].iter().cloned());
                size.extend(gen(&format!(") * {c}"), t.loc));
                edits.push(Edit::replace(i + 2..close, size));
                i = close;
            } else {
                edits.push(Edit::insert(i + 1, gen(&format!("[ {c} ]"), t.loc)));
            }
            splits.insert(
                (instance.clone(), t.text.clone()),
                Split {
                    ty: ty.text.clone(),
                    columns: c,
                    array,
                },
            );
        }
        i += 1;
    }
}

/// The tokens of `range` with every use of a split matrix rebuilt.
fn rebuild(
    tokens: &[Token],
    range: Range<usize>,
    splits: &HashMap<Key, Split>,
    errors: &mut Vec<Diagnostic>,
) -> Vec<Token> {
    let mut out = Vec::with_capacity(range.len());
    let mut i = range.start;
    while i < range.end {
        let t = &tokens[i];
        let after_dot = i > range.start && tokens[i - 1].is_punct(".");
        if t.kind != TokenKind::Ident || after_dot {
            out.push(t.clone());
            i += 1;
            continue;
        }
        // `instance . member` or a plain name.
        let member = (tokens.get(i + 1).is_some_and(|n| n.is_punct(".")) && i + 2 < range.end)
            .then(|| (Some(t.text.clone()), tokens[i + 2].text.clone()))
            .filter(|key| splits.contains_key(key));
        let (key, name_end) = match member {
            Some(key) => (key, i + 3),
            None => ((None, t.text.clone()), i + 1),
        };
        let Some(split) = splits.get(&key) else {
            out.push(t.clone());
            i += 1;
            continue;
        };
        let name: Vec<Token> = tokens[i..name_end].to_vec();
        let loc = t.loc.join(tokens[name_end - 1].loc);
        let index = if split.array {
            let close = tokens
                .get(name_end)
                .filter(|n| n.is_punct("["))
                .and_then(|_| items::matching_close(tokens, name_end, range.end));
            let Some(close) = close else {
                errors.push(error_at(
                    "E-UNSUPPORTED",
                    format!(
                        "an array of `{}` uniforms used without an index is not supported by prism yet",
                        split.ty
                    ),
                    t.loc,
                    "index it here, or pass the matrices one by one",
                ));
                out.push(t.clone());
                i += 1;
                continue;
            };
            let inner = rebuild(tokens, name_end + 1..close, splits, errors);
            i = close + 1;
            Some(inner)
        } else {
            i = name_end;
            None
        };
        out.extend(gen(&format!("{} (", split.ty), loc));
        for column in 0..split.columns {
            if column > 0 {
                out.extend(gen(",", loc));
            }
            out.extend(name.iter().cloned());
            match &index {
                Some(inner) => {
                    out.extend(gen("[ (", loc));
                    out.extend(inner.iter().cloned());
                    let offset = if column > 0 {
                        format!("+ {column}")
                    } else {
                        String::new()
                    };
                    out.extend(gen(&format!(") * {} {offset} ]", split.columns), loc));
                }
                None => out.extend(gen(&format!("[ {column} ]"), loc)),
            }
            out.extend(gen(". xy", loc));
        }
        out.extend(gen(")", loc));
    }
    out
}
