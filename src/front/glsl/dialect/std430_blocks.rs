//! std430 blocks (storage buffers, push constants) holding a struct that naga's reader lays
//! out otherwise in std430 than in std140 (an array of scalars or `vec2`s inside it,
//! `struct Vertex { float position[3]; ... }`), declared std140 for naga's reader, and
//! marked so that [`crate::front::glsl::std430`] lays them out by std430 again after the parse.
//!
//! naga's reader lays a struct declaration out by std140 and gives a std430 block its own
//! copy of the struct, laid out by std430: a different type. `Vertex v = vertices[i];`,
//! `shade(vertices[i])` and `vertices[i] = v;` then move a value between the two types, which
//! naga's validator refuses (or its reader finds no overload). Read as std140, the block
//! holds the same type as everything else and the reader accepts every use; the pass after
//! the parse gives the block its std430 layout back and converts the values that cross
//! between the layouts, member by member.
//!
//! Left as they are: blocks with a `matCx2` member of their own (naga's reader refuses those
//! in std140; `struct_members` widens the ones inside structs).

use super::block_layout::{packing, Layout, Packing};
use super::consts::Constants;
use super::items::{self, ItemKind};
use super::tokens::gen;
use crate::front::glsl::preprocess::{Token, TokenKind};

/// The comment naming a block the pass after the parse lays out by std430.
pub const MARKER: &str = "/*prism-std430";

/// Mark the blocks of the module docs, in the final tokens (naga's text).
pub(super) fn mark(tokens: &mut Vec<Token>) {
    if !tokens.iter().any(|t| t.is_ident("struct")) {
        return;
    }
    let Ok(items) = items::split_items(tokens) else {
        return;
    };
    let constants = Constants::of(tokens);
    let layout = Layout::of(tokens, &constants);
    // (index, tokens to insert there), applied back to front.
    let mut inserts: Vec<(usize, Vec<Token>)> = Vec::new();
    let mut replaces: Vec<usize> = Vec::new();
    for item in items.iter().filter(|i| i.kind == ItemKind::Declaration) {
        let q = items::qualifiers(tokens, item.range.clone());
        let block = q.has("buffer") || q.layout("push_constant").is_some();
        if !block || !q.opens_block(tokens) || packing(&q) != Packing::Std430 {
            continue;
        }
        let open = q.type_start + 1;
        let Some(close) = items::matching_close(tokens, open, item.range.end) else {
            continue;
        };
        let members: Vec<_> = layout
            .members(open + 1..close)
            .into_iter()
            .flat_map(|(_, d)| d)
            .collect();
        let two_rows = members.iter().any(|d| {
            matches!(
                d.ty.as_str(),
                "mat2" | "mat2x2" | "mat3x2" | "mat4x2" | "dmat2" | "dmat3x2" | "dmat4x2"
            )
        });
        let differs = members.iter().any(|d| layout.differs_in_std430(&d.ty));
        if two_rows || !differs {
            continue;
        }
        let name = &tokens[q.type_start];
        let loc = name.loc;
        let mut marker = gen("x", loc);
        marker[0].kind = TokenKind::Punct;
        marker[0].text = format!("{MARKER} {}*/", name.text);
        let std430 = q
            .layouts
            .iter()
            .find_map(|g| (g.range.start..g.range.end).find(|&i| tokens[i].is_ident("std430")));
        match (std430, q.layouts.first()) {
            (Some(at), _) => replaces.push(at),
            (None, Some(group)) => inserts.push((group.range.start + 2, gen("std140 ,", loc))),
            (None, None) => marker.extend(gen("layout ( std140 )", loc)),
        }
        inserts.push((q.first_index(), marker));
    }
    for &at in &replaces {
        tokens[at].text = "std140".into();
        tokens[at].from_macro = true;
    }
    inserts.sort_by_key(|(at, _)| std::cmp::Reverse(*at));
    for (at, insert) in inserts {
        tokens.splice(at..at, insert);
    }
}
