//! The rules of GLSL ES 3.00 (WebGL 2) for inputs and outputs that the upgrade to GLSL 450
//! would let through or that naga reports without a line (ES 3.00 §4.3.4-4.3.6, §4.6),
//! each reported where glslang reports it:
//!
//! - a vertex shader input takes no interpolation, `centroid` or `invariant` qualifier; a
//!   fragment shader output takes no interpolation or `centroid` qualifier, is no matrix,
//!   and its location is below 32 (glslang's `MaxDrawBuffers`; the WebGL 2 minimum is 4);
//! - a vertex shader output or fragment shader input of struct type contains no array, no
//!   struct and no `bool`, is not an array of structs, and is `flat` when a member is an
//!   integer; a fragment shader input is not `invariant`;
//! - only uniform blocks: no input or output blocks (ES 3.20);
//! - explicit locations of vertex inputs (a matrix takes one per column) and of fragment
//!   outputs do not overlap;
//! - `invariant name;` names an output that is declared and not yet used.
//!
//! Not checked by glslang before linking, but by browsers (ANGLE) at compile time and
//! required by ES 3.00 §4.3.8.2: when a fragment shader has several outputs, each has a
//! location. prism follows ANGLE and reports the first output without one.

use std::collections::HashSet;

use super::items::{self, ItemKind};
use super::types::Types;
use crate::diagnostic::{error_at, Diagnostic};
use crate::front::glsl::preprocess::{Token, TokenKind};
use crate::shader::Stage;

/// glslang's default `MaxDrawBuffers`: the first fragment output location it rejects.
const MAX_DRAW_BUFFERS: u32 = 32;

fn is_integer(ty: &str) -> bool {
    matches!(ty, "int" | "uint") || ty.starts_with("ivec") || ty.starts_with("uvec")
}

/// Locations a vertex input of type `ty` takes: one per matrix column.
fn columns(ty: &str) -> u32 {
    ty.strip_prefix("mat")
        .and_then(|d| d.chars().next())
        .and_then(|c| c.to_digit(10))
        .unwrap_or(1)
}

/// An input or output declaration with an explicit location, for the overlap check.
struct Located {
    first: u32,
    count: u32,
}

pub(super) fn check(
    tokens: &[Token],
    items: &[items::Item],
    stage: Stage,
    types: &Types,
) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    let mut located: Vec<Located> = Vec::new();
    // Fragment outputs: (has a location, where to report a missing one).
    let mut outputs: Vec<(bool, usize)> = Vec::new();
    let err = |message: String, at: usize, label: &str| {
        error_at("E-DIALECT", message, tokens[at].loc, label.to_string())
    };
    for item in items {
        if item.kind != ItemKind::Declaration || items::param_range(tokens, item).is_some() {
            continue;
        }
        let q = items::qualifiers(tokens, item.range.clone());
        let Some(word) = ["in", "out"].into_iter().find(|w| q.has(w)) else {
            if let Some(at) = q.index_of("invariant") {
                errors.extend(invariant_statement(tokens, items, item, at, stage));
            }
            continue;
        };
        let at = q.index_of(word).unwrap_or(item.range.start);
        if q.opens_block(tokens) {
            let what = if word == "in" { "input" } else { "output" };
            errors.push(err(
                format!("{what} blocks are not in GLSL ES 3.00 (WebGL 2): only uniform blocks"),
                at,
                "declare each member as its own variable",
            ));
            continue;
        }
        let Some(ty) = tokens.get(q.type_start) else {
            continue;
        };
        let vertex_input = stage == Stage::Vertex && word == "in";
        let fragment_output = stage == Stage::Fragment && word == "out";
        let interpolated: &[&str] = if vertex_input {
            &["flat", "smooth", "centroid", "invariant"]
        } else if fragment_output {
            &["flat", "smooth", "centroid"]
        } else if stage == Stage::Fragment {
            &["invariant"]
        } else {
            &[]
        };
        if let Some((w, k)) = q
            .words
            .iter()
            .find(|(w, _)| interpolated.contains(&w.as_str()))
        {
            let what = if vertex_input {
                "a vertex shader input"
            } else if fragment_output {
                "a fragment shader output"
            } else {
                "a fragment shader input"
            };
            errors.push(err(
                format!("{what} cannot be qualified `{w}`"),
                *k,
                "remove this qualifier",
            ));
            continue;
        }
        let array_len = declared_length(tokens, q.type_start + 1, item.range.end);
        let location = q.layouts.iter().find_map(|g| {
            g.range
                .clone()
                .find(|&k| tokens[k].is_ident("location"))
                .map(|k| (k, q.layout_int("location")))
        });
        let builtin = items::first_declarator(tokens, &q, item.range.end).starts_with("gl_");
        if fragment_output && !builtin {
            outputs.push((location.is_some(), q.type_start));
            if ty.text.starts_with("mat") {
                errors.push(err(
                    format!(
                        "a fragment shader output cannot be a matrix (`{}`)",
                        ty.text
                    ),
                    q.type_start,
                    "write the columns to separate outputs",
                ));
                continue;
            }
        }
        if let Some((key, Some(first))) = location {
            if fragment_output && first >= MAX_DRAW_BUFFERS {
                errors.push(err(
                    format!(
                        "fragment output location {first} is too large: at most {} draw buffers",
                        MAX_DRAW_BUFFERS
                    ),
                    key,
                    "WebGL 2 guarantees only 4 draw buffers",
                ));
                continue;
            }
            if vertex_input || fragment_output {
                let per = if vertex_input { columns(&ty.text) } else { 1 };
                let count = per * array_len.unwrap_or(1).max(1);
                let overlaps = located
                    .iter()
                    .find(|l| first < l.first + l.count && l.first < first + count);
                if let Some(l) = overlaps {
                    let shared = first.max(l.first);
                    errors.push(err(
                        format!("location {shared} is used twice"),
                        key,
                        "an earlier input or output already takes this location",
                    ));
                    continue;
                }
                located.push(Located { first, count });
            }
        }
        let varying =
            (stage == Stage::Vertex && word == "out") || (stage == Stage::Fragment && word == "in");
        if varying {
            if let Some(members) = types.structs.get(&ty.text) {
                let what = if word == "out" {
                    "a vertex shader output"
                } else {
                    "a fragment shader input"
                };
                let problem = if array_len.is_some() {
                    Some("an array of structures".to_string())
                } else {
                    members.iter().find_map(|(_, m)| {
                        if m.array {
                            Some("a structure containing an array".into())
                        } else if types.structs.contains_key(&m.ty) {
                            Some("a structure containing a structure".into())
                        } else if m.ty == "bool" || m.ty.starts_with("bvec") {
                            Some("a structure containing a `bool`".into())
                        } else {
                            None
                        }
                    })
                };
                if let Some(problem) = problem {
                    errors.push(err(
                        format!("{what} cannot be {problem} in GLSL ES 3.00 (WebGL 2)"),
                        q.type_start,
                        "declare one variable per member",
                    ));
                } else if members.iter().any(|(_, m)| is_integer(&m.ty)) && !q.has("flat") {
                    errors.push(err(
                        format!("{what} of a structure with an integer member must be `flat`"),
                        q.type_start,
                        "add `flat`",
                    ));
                }
            }
        }
    }
    let unlocated = outputs.iter().find(|(has, _)| !has);
    if let (true, Some((_, at))) = (outputs.len() > 1, unlocated) {
        errors.push(err(
            "a fragment shader with several outputs needs a `layout(location = N)` on each".into(),
            *at,
            "this output has no location (browsers reject this; glslang only when linking)",
        ));
    }
    errors
}

/// The array length written after the declarator in `from..end` (`out vec4 c[3];`), `Some(0)`
/// for an array whose length is not an integer literal.
fn declared_length(tokens: &[Token], from: usize, end: usize) -> Option<u32> {
    let open = (from..end).find(|&k| tokens[k].is_punct("["))?;
    let value = tokens.get(open + 1)?;
    let literal =
        value.kind == TokenKind::Int && tokens.get(open + 2).is_some_and(|t| t.is_punct("]"));
    Some(if literal {
        items::parse_int(&value.text).unwrap_or(0)
    } else {
        0
    })
}

/// `invariant a, b;`: each name is an output of this stage, declared before and used after.
fn invariant_statement(
    tokens: &[Token],
    items: &[items::Item],
    item: &items::Item,
    at: usize,
    stage: Stage,
) -> Vec<Diagnostic> {
    let q = items::qualifiers(tokens, item.range.clone());
    // Only the statement form: names and commas after the qualifiers.
    let names: Vec<usize> = (q.type_start..item.range.end)
        .filter(|&k| tokens[k].kind == TokenKind::Ident)
        .collect();
    let statement = (q.type_start..item.range.end - 1)
        .all(|k| tokens[k].kind == TokenKind::Ident || tokens[k].is_punct(","));
    if !statement || names.is_empty() {
        return Vec::new();
    }
    let mut inputs = HashSet::new();
    let mut outputs = HashSet::new();
    for other in items
        .iter()
        .take_while(|o| o.range.start < item.range.start)
    {
        if other.kind != ItemKind::Declaration {
            continue;
        }
        let oq = items::qualifiers(tokens, other.range.clone());
        let set = if oq.has("in") {
            &mut inputs
        } else if oq.has("out") {
            &mut outputs
        } else {
            continue;
        };
        set.extend(
            items::declarators(tokens, oq.type_start + 1, other.range.end)
                .into_iter()
                .map(|(n, _)| n),
        );
    }
    let builtin_outputs: &[&str] = match stage {
        Stage::Vertex => &["gl_Position", "gl_PointSize"],
        _ => &[],
    };
    let mut errors = Vec::new();
    for k in names {
        let name = tokens[k].text.as_str();
        let message = if inputs.contains(name) {
            format!("`invariant` applies to outputs only, and `{name}` is an input")
        } else if !outputs.contains(name) && !builtin_outputs.contains(&name) {
            if name.starts_with("gl_") {
                continue;
            }
            format!("`invariant {name}`: `{name}` is not a declared output")
        } else if used_before(tokens, items, item, name) {
            format!("`invariant {name}` comes after a use of `{name}`: it must come first")
        } else {
            continue;
        };
        errors.push(error_at(
            "E-DIALECT",
            message,
            tokens[at].loc,
            "declare the output `invariant out ...`, or put this statement before every use",
        ));
    }
    errors
}

/// Whether a function before `item` mentions `name`.
fn used_before(tokens: &[Token], items: &[items::Item], item: &items::Item, name: &str) -> bool {
    items
        .iter()
        .take_while(|o| o.range.start < item.range.start)
        .filter(|o| matches!(o.kind, ItemKind::Function { .. }))
        .any(|o| tokens[o.range.clone()].iter().any(|t| t.is_ident(name)))
}
