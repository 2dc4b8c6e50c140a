//! `row_major` matrices in uniform and buffer blocks, which naga's IR cannot express (its
//! matrices are column-major, and its GLSL reader refuses the qualifier or drops it).
//!
//! A row-major `matCxR` (C columns, R rows) is stored as R rows of C components: exactly the
//! memory of a column-major `matRxC`, under std140 and std430 alike. So the member is
//! declared with the transposed type, and each read of it becomes `transpose(...)`:
//!
//! ```text
//! layout(std140, row_major) uniform T { mat4x3 bones[32]; } xf;    xf.bones[j] * p
//! layout(std140) uniform T { mat3x4 bones[32]; } xf;                transpose(xf.bones[j]) * p
//! ```
//!
//! The qualifier is taken from the block's layout, a member's own layout (`column_major`
//! there wins), or a default (`layout(row_major) uniform;`, which is then dropped). An array
//! member is wrapped element by element (`transpose(m[i])[col]`, so a further index still
//! reads a column of the matrix the user meant).
//!
//! Refused (`E-UNSUPPORTED`, at the line): a write to a row-major member (buffer blocks), a
//! use of a row-major array as a whole, and a row-major block holding a struct with matrices.
//!
//! Trap: a local with the name of an anonymous block's row-major member is not told apart.

use std::collections::HashSet;

use super::items::{self, ItemKind};
use super::tokens::{apply, gen, renamed, Edit};
use crate::diagnostic::{error_at, Diagnostic};
use crate::front::glsl::preprocess::{Token, TokenKind};

/// A row-major matrix member: the block's instance name (if any), its name and whether it is
/// an array.
struct RowMajor {
    instance: Option<String>,
    name: String,
    array: bool,
}

/// The rewrite of the module docs.
pub(super) fn lower_row_major(tokens: Vec<Token>) -> Result<Vec<Token>, Vec<Diagnostic>> {
    if !tokens
        .iter()
        .any(|t| t.is_ident("row_major") || t.is_ident("column_major"))
    {
        return Ok(tokens);
    }
    let Ok(item_list) = items::split_items(&tokens) else {
        return Ok(tokens);
    };
    let structs_with_matrices = structs_with_matrices(&tokens);
    let mut edits = Vec::new();
    let mut errors = Vec::new();
    let mut members = Vec::new();
    let mut default_row_major = false;
    for item in item_list.iter().filter(|i| i.kind == ItemKind::Declaration) {
        let q = items::qualifiers(&tokens, item.range.clone());
        if !(q.has("uniform") || q.has("buffer")) {
            continue;
        }
        let block_row = q.layout("row_major").is_some();
        let block_col = q.layout("column_major").is_some();
        // `layout(row_major) uniform;`: a default for the blocks after it, then dropped.
        let default = tokens.get(q.type_start).is_some_and(|t| t.is_punct(";"));
        if default && (block_row || block_col) {
            default_row_major = block_row;
            let mut entries = q.layouts.iter().flat_map(|g| &g.entries);
            if entries.all(|(k, _)| k == "row_major" || k == "column_major") {
                edits.push(Edit::delete(item.range.clone()));
                continue;
            }
        }
        for group in &q.layouts {
            edits.extend(drop_majorness(&tokens, group.range.clone()));
        }
        if !q.opens_block(&tokens) {
            continue;
        }
        let row = block_row || (default_row_major && !block_col);
        let Some((instance, block_members)) = items::block_members(&tokens, &q, item) else {
            continue;
        };
        for std::ops::Range { start, end } in block_members {
            let mq = items::qualifiers(&tokens, start..end);
            let mut member_row = row;
            for group in &mq.layouts {
                let entries = |k: &str| group.entries.iter().any(|(e, _)| e == k);
                if entries("row_major") {
                    member_row = true;
                } else if entries("column_major") {
                    member_row = false;
                }
                edits.extend(drop_majorness(&tokens, group.range.clone()));
            }
            let ty = &tokens[mq.type_start];
            if member_row {
                if let Some(transposed) = transposed(&ty.text) {
                    edits.push(Edit::replace(
                        mq.type_start..mq.type_start + 1,
                        vec![renamed(ty, &transposed)],
                    ));
                    for (name, array) in items::declarators(&tokens, mq.type_start + 1, end) {
                        members.push(RowMajor {
                            instance: instance.clone(),
                            name,
                            array: array.is_some(),
                        });
                    }
                } else if structs_with_matrices.contains(&ty.text) {
                    errors.push(error_at(
                        "E-UNSUPPORTED",
                        format!("a row-major block member of struct type `{}` with matrices", ty.text),
                        ty.loc,
                        "prism transposes row-major matrices declared in the block itself; declare the matrices as block members",
                    ));
                }
            }
        }
    }
    let declarations: Vec<std::ops::Range<usize>> = item_list
        .iter()
        .filter(|i| i.kind == ItemKind::Declaration)
        .map(|i| i.range.clone())
        .collect();
    for (at, t) in tokens.iter().enumerate() {
        if t.kind != TokenKind::Ident || declarations.iter().any(|r| r.contains(&at)) {
            continue;
        }
        for m in members.iter().filter(|m| m.name == t.text) {
            let Some(first) = use_start(&tokens, at, m) else {
                continue;
            };
            let mut end = at + 1;
            if m.array {
                match tokens.get(end).filter(|n| n.is_punct("[")) {
                    Some(_) => match items::matching_close(&tokens, end, tokens.len()) {
                        Some(c) => end = c + 1,
                        None => continue,
                    },
                    None => {
                        if !tokens.get(end).is_some_and(|n| n.is_punct(".")) {
                            errors.push(refuse(
                                &tokens,
                                first,
                                at,
                                "a use of a row-major matrix array as a whole",
                            ));
                        }
                        continue; // `.length()`
                    }
                }
            }
            let writes = |i: usize| {
                tokens.get(i).is_some_and(|n| {
                    super::exprs::WRITES.contains(&n.text.as_str()) && n.kind == TokenKind::Punct
                })
            };
            let increments =
                first > 0 && (tokens[first - 1].is_punct("++") || tokens[first - 1].is_punct("--"));
            if writes(end) || increments {
                errors.push(refuse(
                    &tokens,
                    first,
                    end - 1,
                    "a write to a row-major matrix",
                ));
                continue;
            }
            let loc = tokens[first].loc;
            edits.push(Edit::insert(first, gen("transpose (", loc)));
            edits.push(Edit::insert(end, gen(")", tokens[end - 1].loc)));
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(apply(tokens, edits))
}

fn refuse(tokens: &[Token], first: usize, last: usize, what: &str) -> Diagnostic {
    error_at(
        "E-UNSUPPORTED",
        format!("{what} is not supported by prism"),
        tokens[first].loc.join(tokens[last].loc),
        "naga's matrices are column-major: prism declares the member transposed and wraps each read in transpose()",
    )
}

/// Where a use of `m` at `at` starts: `name` (anonymous block), `inst.name` or
/// `inst[i].name`; `None` when `at` is not a use of `m`.
fn use_start(tokens: &[Token], at: usize, m: &RowMajor) -> Option<usize> {
    let dot = at.checked_sub(1).filter(|&d| tokens[d].is_punct("."));
    match (&m.instance, dot) {
        (None, None) => Some(at),
        (Some(inst), Some(d)) => {
            let before = d.checked_sub(1)?;
            if tokens[before].is_ident(inst) {
                return Some(before);
            }
            if !tokens[before].is_punct("]") {
                return None;
            }
            let mut depth = 0usize;
            for j in (0..=before).rev() {
                if tokens[j].is_punct("]") {
                    depth += 1;
                } else if tokens[j].is_punct("[") {
                    depth -= 1;
                    if depth == 0 {
                        let name = j.checked_sub(1)?;
                        return tokens[name].is_ident(inst).then_some(name);
                    }
                }
            }
            None
        }
        _ => None,
    }
}

/// `row_major` and `column_major` out of a `layout ( ... )` group: the entry and a comma,
/// or the whole group when nothing else is in it.
fn drop_majorness(tokens: &[Token], group: std::ops::Range<usize>) -> Vec<Edit> {
    let inner = group.start + 2..group.end.saturating_sub(1);
    let is_major = |t: &Token| t.is_ident("row_major") || t.is_ident("column_major");
    let majors: Vec<usize> = inner.clone().filter(|&i| is_major(&tokens[i])).collect();
    if majors.is_empty() {
        return Vec::new();
    }
    let others = inner
        .clone()
        .filter(|&i| tokens[i].kind == TokenKind::Ident && !is_major(&tokens[i]))
        .count();
    if others == 0 {
        return vec![Edit::delete(group)];
    }
    majors
        .into_iter()
        .map(|i| {
            if tokens.get(i + 1).is_some_and(|t| t.is_punct(",")) {
                Edit::delete(i..i + 2)
            } else if i > inner.start && tokens[i - 1].is_punct(",") {
                Edit::delete(i - 1..i + 1)
            } else {
                Edit::delete(i..i + 1)
            }
        })
        .collect()
}

/// The column-major type with the memory of a row-major `ty`, for matrix types.
fn transposed(ty: &str) -> Option<String> {
    let dims = ty.strip_prefix("mat")?;
    let digit = |s: &str| matches!(s, "2" | "3" | "4");
    match dims.split_once('x') {
        None if digit(dims) => Some(ty.to_string()),
        Some((c, r)) if digit(c) && digit(r) => Some(format!("mat{r}x{c}")),
        _ => None,
    }
}

/// Names of the structs that hold a matrix (directly).
fn structs_with_matrices(tokens: &[Token]) -> HashSet<String> {
    let mut out = HashSet::new();
    for (i, t) in tokens.iter().enumerate() {
        if !t.is_ident("struct") {
            continue;
        }
        let (Some(name), Some(open)) = (tokens.get(i + 1), tokens.get(i + 2)) else {
            continue;
        };
        if name.kind != TokenKind::Ident || !open.is_punct("{") {
            continue;
        }
        let Some(close) = items::matching_close(tokens, i + 2, tokens.len()) else {
            continue;
        };
        if tokens[i + 3..close]
            .iter()
            .any(|m| m.text.starts_with("mat"))
        {
            out.insert(name.text.clone());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::transposed;

    #[test]
    fn a_row_major_matrix_has_the_memory_of_its_transpose() {
        assert_eq!(transposed("mat4x3").as_deref(), Some("mat3x4"));
        assert_eq!(transposed("mat2x4").as_deref(), Some("mat4x2"));
        assert_eq!(transposed("mat3").as_deref(), Some("mat3"));
        assert_eq!(transposed("vec4"), None);
        assert_eq!(transposed("mat5"), None);
    }
}
