//! Uniforms that are not samplers: loose ones gathered into a generated block, `bool` ones
//! stored as `uint`, initializers dropped, and uniform and storage blocks made readable to
//! naga (member offsets, `writeonly`, push constants).
//!
//! - naga's GLSL reader reads only uniforms in blocks. Loose uniforms are gathered into one
//!   generated block `prism_globals` placed where the first one was declared, numbered there
//!   (see [`bindings`](super::bindings)). A loose uniform that uses a name declared after the
//!   group began (a struct type, a constant array size) cannot move up into that block: it
//!   starts a new group, `prism_globals1`, and so on.
//! - `bool`/`bvecN` are not host-shareable: such a loose uniform becomes a `uint`/`uvecN`
//!   member, and every use in a function body reads it back through the user's own type's
//!   constructor, `bool(name)`, except where a parameter or local shadows the name.
//! - A uniform's `= value` (desktop GLSL 1.20+) cannot be a block member's: it is dropped
//!   with a warning; the host sets uniforms anyway.
//! - A struct of scalars, `vec2`s and such structs (padded to its std140 size by
//!   `struct_members`) is aligned by naga to 8 bytes, by std140 to 16: where the gathered
//!   members before it end off a multiple of 16, `float` padding goes before it (when their
//!   sizes are known, [`std140`](super::std140)).
//! - Member offsets, std140's rule 9 and push constants' std430 are `block_layout`'s.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::ops::Range;

use super::bindings::BindingKind;
use super::items::{self, Item, ItemKind, Qualifiers};
use super::rewrite::Rewrite;
use super::std140::Layouts;
use super::tokens::{call, gen, renamed, Edit};
use crate::diagnostic::warning_at;
use crate::front::glsl::preprocess::{Token, TokenKind};

/// Loose `bool`/`bvecN` uniforms: name → the constructor that reads one back.
pub(super) struct BoolUniforms(HashMap<String, String>);

impl BoolUniforms {
    /// Every loose `bool`/`bvecN` uniform of the shader.
    pub fn find(tokens: &[Token], items: &[Item], quals: &[Qualifiers]) -> Self {
        let mut bools = HashMap::new();
        for (item, q) in items.iter().zip(quals) {
            if !q.has("uniform") || matches!(item.kind, ItemKind::Function { .. }) {
                continue;
            }
            let Some(ty) = tokens.get(q.type_start) else {
                continue;
            };
            // Read back through the constructor of the user's own type.
            let ctor = host_shareable(&ty.text).map(|_| ty.text.as_str());
            let is_block = q.opens_block(tokens);
            if let (Some(ctor), false) = (ctor, is_block) {
                for (name, _) in items::declarators(tokens, q.type_start + 1, item.range.end) {
                    bools.insert(name, ctor.to_string());
                }
            }
        }
        BoolUniforms(bools)
    }

    /// Uses in `body` become `bool(name)`, or `bool(name[i])` for arrays.
    pub fn rewrite_uses(
        &self,
        tokens: &[Token],
        body: Range<usize>,
        shadowed: &HashSet<String>,
    ) -> Vec<Edit> {
        let mut edits = Vec::new();
        if self.0.is_empty() {
            return edits;
        }
        let mut i = body.start;
        while i < body.end {
            let t = &tokens[i];
            let member = i > 0 && tokens[i - 1].is_punct(".");
            let ctor = self
                .0
                .get(&t.text)
                .filter(|_| t.kind == TokenKind::Ident && !member && !shadowed.contains(&t.text));
            let Some(ctor) = ctor else {
                i += 1;
                continue;
            };
            let mut end = i + 1;
            if tokens.get(end).is_some_and(|n| n.is_punct("[")) {
                if let Some(close) = items::matching_close(tokens, end, body.end) {
                    end = close + 1;
                }
            }
            let insert = call(ctor, tokens[i..end].iter().cloned(), t.loc);
            edits.push(Edit::replace(i..end, insert));
            i = end;
        }
        edits
    }
}

/// The host-shareable type a boolean uniform is stored as.
fn host_shareable(ty: &str) -> Option<&'static str> {
    Some(match ty {
        "bool" => "uint",
        "bvec2" => "uvec2",
        "bvec3" => "uvec3",
        "bvec4" => "uvec4",
        _ => return None,
    })
}

/// Loose uniforms of one generated block: their items, the block's name, and its
/// (set, binding), numbered where the group starts.
struct LooseGroup {
    items: Vec<usize>,
    block: String,
    numbers: (u32, u32),
}

/// The loose uniforms met so far, in groups (see the module docs).
#[derive(Default)]
pub(super) struct LooseUniforms {
    groups: Vec<LooseGroup>,
    /// Names declared since the last group began.
    declared_since_group: BTreeSet<String>,
}

impl LooseUniforms {
    /// Names an item declares, in order: a later loose uniform that uses one starts a new
    /// group.
    pub fn declared(&mut self, names: Vec<String>) {
        self.declared_since_group.extend(names);
    }

    /// The loose uniform `items[index]`: into the current group, or a new one.
    pub fn add(&mut self, rewrite: &mut Rewrite, index: usize, range: Range<usize>) {
        let uses_recent = rewrite.tokens[range.clone()]
            .iter()
            .filter(|t| t.kind == TokenKind::Ident)
            .any(|t| self.declared_since_group.contains(&t.text));
        match self.groups.last_mut() {
            Some(group) if !uses_recent => group.items.push(index),
            _ => {
                let block = match self.groups.len() {
                    0 => rewrite.names.fresh("prism_globals"),
                    n => rewrite.names.fresh(&format!("prism_globals{n}")),
                };
                let loc = rewrite.loc(range.start);
                let numbers = rewrite.plan.globals_block(&block, &[], loc);
                self.groups.push(LooseGroup {
                    items: vec![index],
                    block,
                    numbers,
                });
                self.declared_since_group.clear();
            }
        }
    }

    /// Gather each group into its block, at its first uniform's place.
    pub fn gather(self, rewrite: &mut Rewrite, items: &[Item], quals: &[Qualifiers]) {
        for group in &self.groups {
            rewrite.gather_group(items, quals, group);
        }
    }
}

impl Rewrite<'_> {
    /// Gather loose uniforms of one group into `prism_globals`, at the first one's place.
    fn gather_group(&mut self, items: &[Item], quals: &[Qualifiers], group: &LooseGroup) {
        let LooseGroup {
            items: group,
            block,
            numbers: (set, binding),
        } = group;
        let Some(&first) = group.first() else { return };
        let first_range = items[first].range.clone();
        let loc = self.loc(first_range.start);
        let mut members = Vec::new();
        let mut member_names = Vec::new();
        let layouts = Layouts::of(self.tokens);
        // std140 offset after the members so far; `None` once a size is not known.
        let mut cursor = Some(0u32);
        let mut pads = 0;
        for &index in group {
            let range = items[index].range.clone();
            let q = &quals[index];
            let ty = self.tokens[q.type_start].text.as_str();
            let declarators = items::declarators(self.tokens, q.type_start + 1, range.end);
            if let (Some(at), true) = (cursor, layouts.is_small(ty)) {
                let loc = self.tokens[q.type_start].loc;
                for _ in 0..(at.div_ceil(16) * 16 - at) / 4 {
                    let name = self.names.fresh(&format!("prism_align{pads}"));
                    pads += 1;
                    members.extend(gen(&format!("float {name} ;"), loc));
                }
            }
            cursor = cursor.and_then(|c| {
                declarators.iter().try_fold(c, |at, (_, array)| {
                    let (size, align) = member_layout(&layouts, ty, array.as_deref())?;
                    Some(at.div_ceil(align) * align + size)
                })
            });
            let mut skip: Vec<Range<usize>> = q.layouts.iter().map(|g| g.range.clone()).collect();
            skip.extend(self.initializers(q.type_start + 1, range.end));
            for (i, t) in self.tokens[range.clone()].iter().enumerate() {
                let i = range.start + i;
                if skip.iter().any(|r| r.contains(&i))
                    || (i < q.type_start && t.is_ident("uniform"))
                {
                    continue;
                }
                if i == q.type_start {
                    if let Some(host) = host_shareable(&t.text) {
                        members.push(renamed(t, host));
                        continue;
                    }
                }
                members.push(t.clone());
            }
            member_names.extend(
                items::declarators(self.tokens, q.type_start + 1, range.end)
                    .into_iter()
                    .map(|(n, _)| n),
            );
            if index != first {
                self.edits.push(Edit::delete(range));
            }
        }
        self.plan.set_members(block, member_names);
        let mut insert = gen(
            &format!("layout ( set = {set} , binding = {binding} ) uniform {block} {{"),
            loc,
        );
        insert.extend(members);
        // The closing brace goes on the line of the last member, after it.
        let end_loc = insert.last().map(|t: &Token| t.loc).unwrap_or(loc);
        insert.extend(gen("} ;", end_loc));
        self.edits.push(Edit::replace(first_range, insert));
    }

    /// `= value` initializers of a uniform declaration (desktop GLSL 1.20+): a block member
    /// cannot have one, and the host sets uniforms anyway. Each is dropped with a warning.
    fn initializers(&mut self, from: usize, end: usize) -> Vec<Range<usize>> {
        let mut ranges = Vec::new();
        let mut depth = 0usize;
        let mut start = None;
        for i in from..end {
            let t = &self.tokens[i];
            if t.kind != TokenKind::Punct {
                continue;
            }
            match t.text.as_str() {
                "(" | "[" | "{" => depth += 1,
                ")" | "]" | "}" => depth = depth.saturating_sub(1),
                "=" if depth == 0 => start = Some(i),
                "," | ";" if depth == 0 => {
                    if let Some(s) = start.take() {
                        ranges.push(s..i);
                    }
                }
                _ => {}
            }
        }
        for range in &ranges {
            let loc = self.tokens[range.start]
                .loc
                .join(self.tokens[range.end - 1].loc);
            self.warnings.push(warning_at(
                "W-DIALECT",
                "uniform initializer ignored",
                loc,
                "the host must set this value; naga blocks have no defaults",
            ));
        }
        ranges
    }

    /// A uniform or storage block: its member offsets, its `writeonly`, and its numbers.
    pub fn rewrite_block(&mut self, q: &Qualifiers, range: Range<usize>, block: &str) {
        self.lay_out_block(q, range.clone(), block);
        if q.has("buffer") {
            // naga has no write-only storage buffers; `writeonly` only forbids reads,
            // so dropping it keeps every valid shader valid.
            if let Some(at) = q.index_of("writeonly") {
                self.edits.push(Edit::delete(at..at + 1));
            }
        }
        let kind = if q.has("uniform") {
            BindingKind::UniformBlock
        } else {
            BindingKind::StorageBlock
        };
        let loc = self.loc(range.start);
        if q.layout("push_constant").is_some() {
            self.plan.push_constant(block, loc);
        } else {
            self.bind_resource(q, kind, block, loc);
        }
    }
}

/// (size, alignment) under std140 of a gathered uniform of type `ty` (`array`: its size as
/// written), where prism knows it.
fn member_layout(layouts: &Layouts, ty: &str, array: Option<&str>) -> Option<(u32, u32)> {
    let ty = host_shareable(ty).unwrap_or(ty);
    let len = match array {
        None => None,
        Some(n) => Some(Some(items::parse_int(n).or_else(|| layouts.constant(n))?)),
    };
    layouts.std140(ty, len)
}
