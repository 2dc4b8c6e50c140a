//! The layout qualifiers of GLSL ES 3.00 (WebGL 2), each reported at the qualifier, on the
//! line glslang names:
//!
//! - the only keys are `location`, `std140`, `shared`, `packed`, `row_major` and
//!   `column_major`: `binding`, `set`, `std430`, `offset`, ... are ES 3.10 or Vulkan;
//! - `location` is on vertex shader inputs and fragment shader outputs only (ES 3.10 added
//!   the other inputs and outputs), and its value is an integer literal, not a constant;
//! - `std140`, `shared` and `packed` qualify a uniform block or the default statement
//!   `layout(std140) uniform;`, not a variable nor a block member; `row_major` and
//!   `column_major` may also qualify a block member;
//! - locals and parameters take no layout qualifier at all.

use std::ops::Range;

use super::items::{self, ItemKind};
use crate::diagnostic::{error_at, Diagnostic};
use crate::front::glsl::preprocess::{Token, TokenKind};
use crate::shader::Stage;

/// Layout qualifiers of GLSL ES 3.00.
const ES300_LAYOUTS: &[&str] = &[
    "location",
    "std140",
    "shared",
    "packed",
    "row_major",
    "column_major",
];

const PACKING: &[&str] = &["std140", "shared", "packed"];

const HELP: &str = "WebGL 2 has `location` on vertex inputs and fragment outputs, and \
                    `std140`/`shared`/`packed`/`row_major`/`column_major` on uniform blocks";

/// One `key [= value]` of a `layout(...)` group: the key's token and the value's tokens.
struct Entry {
    key: usize,
    value: Range<usize>,
}

/// The entries of every `layout ( ... )` group in `range`.
fn entries(tokens: &[Token], range: Range<usize>) -> Vec<Entry> {
    let mut out = Vec::new();
    let mut i = range.start;
    while i < range.end {
        let group =
            tokens[i].is_ident("layout") && tokens.get(i + 1).is_some_and(|t| t.is_punct("("));
        let Some(close) = group
            .then(|| items::matching_close(tokens, i + 1, range.end))
            .flatten()
        else {
            i += 1;
            continue;
        };
        let mut start = i + 2;
        for end in items::top_level_commas(tokens, i + 1, close)
            .into_iter()
            .chain([close])
        {
            if start < end && tokens[start].kind == TokenKind::Ident {
                let value = match tokens[start + 1..end].iter().position(|t| t.is_punct("=")) {
                    Some(eq) => start + eq + 2..end,
                    None => end..end,
                };
                out.push(Entry { key: start, value });
            }
            start = end + 1;
        }
        i = close + 1;
    }
    out
}

/// What a layout qualifier is attached to.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Target {
    /// A uniform block (or the default statement `layout(...) uniform;`).
    Block,
    /// A member of a uniform block.
    Member,
    /// A global variable with this storage qualifier (`""` for none).
    Variable(&'static str),
    /// A parameter or local variable.
    Local,
}

pub(super) fn check(tokens: &[Token], stage: Stage) -> Vec<Diagnostic> {
    let Ok(items) = items::split_items(tokens) else {
        return Vec::new();
    };
    let mut errors = Vec::new();
    for item in &items {
        if matches!(item.kind, ItemKind::Function { .. })
            || items::param_range(tokens, item).is_some()
        {
            for e in entries(tokens, item.range.clone()) {
                errors.extend(judge(tokens, &e, Target::Local, stage));
            }
            continue;
        }
        let q = items::qualifiers(tokens, item.range.clone());
        let top = q.layouts.iter().map(|g| g.range.clone());
        let storage = ["in", "out", "uniform", "buffer", "inout"]
            .into_iter()
            .find(|w| q.has(w))
            .unwrap_or("");
        let default_statement = tokens.get(q.type_start).is_some_and(|t| t.is_punct(";"));
        let target = if q.opens_block(tokens) || (default_statement && storage == "uniform") {
            Target::Block
        } else {
            Target::Variable(storage)
        };
        for range in top {
            for e in entries(tokens, range) {
                errors.extend(judge(tokens, &e, target, stage));
            }
        }
        if target == Target::Block && !default_statement {
            let members = items::block_members(tokens, &q, item).map(|(_, m)| m);
            for member in members.into_iter().flatten() {
                for e in entries(tokens, member) {
                    errors.extend(judge(tokens, &e, Target::Member, stage));
                }
            }
        }
    }
    errors
}

/// The error of one layout qualifier on `target`, if any.
fn judge(tokens: &[Token], e: &Entry, target: Target, stage: Stage) -> Option<Diagnostic> {
    let key = tokens[e.key].text.as_str();
    let message = if !ES300_LAYOUTS.contains(&key) {
        format!("layout qualifier `{key}` is not in GLSL ES 3.00 (WebGL 2)")
    } else if target == Target::Local {
        "layout qualifiers are not allowed on parameters and local variables".into()
    } else if key == "location" {
        let what = match (target, stage) {
            (Target::Variable("in"), Stage::Vertex)
            | (Target::Variable("out"), Stage::Fragment) => {
                return location_value(tokens, e);
            }
            (Target::Variable("in"), _) => "a fragment shader input",
            (Target::Variable("out"), _) => "a vertex shader output",
            (Target::Variable("uniform"), _) | (Target::Block, _) => "a uniform",
            (Target::Member, _) => "a block member",
            _ => "this declaration",
        };
        format!("`layout(location)` on {what} is not in GLSL ES 3.00 (WebGL 2)")
    } else if PACKING.contains(&key) && target != Target::Block {
        format!("`{key}` qualifies a uniform block, not a variable or a block member")
    } else if !PACKING.contains(&key) && matches!(target, Target::Variable(_)) {
        format!("`{key}` qualifies a uniform block or a block member, not a variable")
    } else {
        return None;
    };
    Some(error_at("E-DIALECT", message, tokens[e.key].loc, HELP))
}

/// `location = N` where N must be an integer literal in GLSL ES 3.00.
fn location_value(tokens: &[Token], e: &Entry) -> Option<Diagnostic> {
    let literal = e.value.len() == 1 && tokens[e.value.start].kind == TokenKind::Int;
    if literal || e.value.is_empty() {
        // A missing value is naga's error (`Qualifier expects a uint value`) on this line.
        return None;
    }
    Some(error_at(
        "E-DIALECT",
        "`layout(location = ...)` takes an integer literal in GLSL ES 3.00 (WebGL 2)",
        tokens[e.value.start].loc,
        "constant expressions as layout values arrived in GLSL ES 3.10",
    ))
}
