//! Uniform, storage and push-constant blocks laid out where GLSL says, not where naga's GLSL
//! reader would put them: explicit `layout(offset = N)` on members, std140's rule 9 after a
//! small struct member, and the std430 default of push constants.
//!
//! In: a block declaration's tokens (after `struct_members` padded the structs a std140
//! uniform holds). Out: edits that drop every member layout group (naga reads none) and put
//! `float prism_B_padN;` members (`B` the block's name: the members of anonymous blocks are
//! globals, and `struct_members` pads as `prism_padN`) before a member wherever naga's own layout of the tokens
//! would place it earlier than GLSL's: at its explicit offset, or at std140's 16-byte
//! boundary after a struct that `struct_members` could not pad because a storage block holds
//! it too (std430 rounds no struct). The pads fill from where the previous member ends, so
//! a reader with its own natural layout (WGSL's) puts the member there too.
//!
//! Two layouts are computed side by side from the tokens, each an (offset, size, alignment)
//! walk over the members ([`Layout`]): GLSL's (std140 or std430, GLSL 4.60 §7.6.2.2) and
//! naga's (the same rules, but a struct is aligned to its widest member and sized to a
//! multiple of that, never to 16: see `front/glsl/offset.rs` in naga). They differ only for
//! structs in std140 blocks and at explicit offsets.
//!
//! Push constants: Vulkan GLSL lays a `push_constant` block out by std430; naga's reader by
//! std140 unless told, so `std430` is written into its layout when it names neither.
//!
//! Traps: a member whose size is not known here (a type prism does not size, an array
//! whose length is not a constant expression) ends the walk: nothing after it is padded,
//! and an explicit offset after it is dropped with a warning listing it. So are offsets that
//! padding cannot reach (smaller than where naga would put the member, or off naga's
//! alignment; glslang rejects most of those) and a pad needed before the second declarator
//! of `T a, b;`.

use std::collections::HashMap;
use std::ops::Range;

use codespan_reporting::diagnostic::Label;

use super::consts::Constants;
use super::items;
use super::rewrite::Rewrite;
use super::tokens::{gen, Edit};
use crate::diagnostic::Diagnostic;
use crate::front::glsl::preprocess::{Token, TokenKind};
use crate::source::Loc;

/// Nesting deeper than this is not laid out.
const MAX_DEPTH: u32 = 16;

/// The packing rules of a block.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Packing {
    Std140,
    Std430,
}

/// Whose layout: GLSL's, or naga's reading of the same tokens (no rule 9).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Reader {
    Glsl,
    Naga,
}

/// The packing a block declared with these qualifiers has in GLSL: `std430` for storage
/// blocks, push constants and blocks that say so, `std140` otherwise.
pub(super) fn packing(q: &items::Qualifiers) -> Packing {
    if q.layout("std430").is_some() {
        Packing::Std430
    } else if q.layout("std140").is_some() {
        Packing::Std140
    } else if q.has("buffer") || q.layout("push_constant").is_some() {
        Packing::Std430
    } else {
        Packing::Std140
    }
}

/// One declarator of a member declaration: its type, name, array lengths (`None`: an array
/// whose length is not known here) and the index of its name.
#[derive(Debug, Clone)]
pub(super) struct Declarator {
    pub ty: String,
    /// The index of its type token (shared by the declarators of one declaration).
    pub ty_at: usize,
    pub dims: Option<Vec<u32>>,
    pub name_at: usize,
}

/// The structs of a token stream with their members, and the sizes GLSL and naga give them.
pub(super) struct Layout<'t> {
    tokens: &'t [Token],
    constants: &'t Constants,
    structs: HashMap<String, Range<usize>>,
}

impl<'t> Layout<'t> {
    pub fn of(tokens: &'t [Token], constants: &'t Constants) -> Self {
        let mut structs = HashMap::new();
        for (i, t) in tokens.iter().enumerate() {
            let Some(name) = tokens.get(i + 1).filter(|_| t.is_ident("struct")) else {
                continue;
            };
            if name.kind == TokenKind::Ident && tokens.get(i + 2).is_some_and(|o| o.is_punct("{")) {
                if let Some(close) = items::matching_close(tokens, i + 2, tokens.len()) {
                    structs.insert(name.text.clone(), i + 3..close);
                }
            }
        }
        Layout {
            tokens,
            constants,
            structs,
        }
    }

    /// The body (between the braces) of the struct `name`.
    pub fn struct_body(&self, name: &str) -> Option<Range<usize>> {
        self.structs.get(name).cloned()
    }

    /// Whether naga's reader lays the struct `name` out otherwise than std140 does: a member
    /// at another offset, or another size or alignment (rule 9).
    pub fn differs_in_std140(&self, name: &str) -> bool {
        let (Some(body), Some(glsl), Some(naga)) = (
            self.struct_body(name),
            self.shape(name, Some(&[]), Packing::Std140, Reader::Glsl, 0),
            self.shape(name, Some(&[]), Packing::Std140, Reader::Naga, 0),
        ) else {
            return false;
        };
        glsl != naga
            || self.offsets(body.clone(), Packing::Std140, Reader::Glsl)
                != self.offsets(body, Packing::Std140, Reader::Naga)
    }

    /// Whether naga's reader lays the struct `name` out otherwise in std430 than in std140
    /// (an array of scalars or `vec2`s in it, or a `matCx2`): two types for one struct.
    pub fn differs_in_std430(&self, name: &str) -> bool {
        let Some(body) = self.struct_body(name) else {
            return false;
        };
        let shape = |packing| self.shape(name, Some(&[]), packing, Reader::Naga, 0);
        shape(Packing::Std140) != shape(Packing::Std430)
            || self.offsets(body.clone(), Packing::Std140, Reader::Naga)
                != self.offsets(body, Packing::Std430, Reader::Naga)
    }

    /// The offset of each member declarator of a struct body, `None` past an unknown size.
    fn offsets(&self, body: Range<usize>, packing: Packing, reader: Reader) -> Vec<Option<u32>> {
        let mut at = Some(0u32);
        let mut out = Vec::new();
        for (_, declarators) in self.members(body) {
            for d in declarators {
                let shape = self.shape(&d.ty, d.dims.as_deref(), packing, reader, 1);
                let placed = at
                    .zip(shape)
                    .map(|(at, (size, align))| (at.div_ceil(align) * align, size));
                out.push(placed.map(|(offset, _)| offset));
                at = placed.and_then(|(offset, size)| offset.checked_add(size));
            }
        }
        out
    }

    /// The member declarations between `body`'s braces (exclusive): each one's token range
    /// (without its `;`) and declarators.
    pub fn members(&self, body: Range<usize>) -> Vec<(Range<usize>, Vec<Declarator>)> {
        let tokens = self.tokens;
        let mut out = Vec::new();
        let mut start = body.start;
        while start < body.end {
            let Some(end) = (start..body.end).find(|&j| tokens[j].is_punct(";")) else {
                break;
            };
            let q = items::qualifiers(tokens, start..end);
            let mut declarators = Vec::new();
            if let Some(ty) = tokens.get(q.type_start).filter(|_| q.type_start < end) {
                let mut i = q.type_start + 1;
                while i < end {
                    if tokens[i].kind != TokenKind::Ident {
                        i += 1;
                        continue;
                    }
                    let name_at = i;
                    let mut dims = Some(Vec::new());
                    i += 1;
                    while tokens.get(i).is_some_and(|t| t.is_punct("[")) {
                        let Some(close) = items::matching_close(tokens, i, end) else {
                            dims = None;
                            i = end;
                            break;
                        };
                        let len = self.constants.array_len(&tokens[i + 1..close]);
                        dims = dims.zip(len).map(|(mut d, n)| {
                            d.push(n);
                            d
                        });
                        i = close + 1;
                    }
                    declarators.push(Declarator {
                        ty: ty.text.clone(),
                        ty_at: q.type_start,
                        dims,
                        name_at,
                    });
                    // On to the `,` before the next declarator.
                    while i < end && !tokens[i].is_punct(",") {
                        i += 1;
                    }
                    i += 1;
                }
            }
            out.push((start..end, declarators));
            start = end + 1;
        }
        out
    }

    /// (size, alignment) of a value of type `ty` with array lengths `dims`.
    fn shape(
        &self,
        ty: &str,
        dims: Option<&[u32]>,
        packing: Packing,
        reader: Reader,
        depth: u32,
    ) -> Option<(u32, u32)> {
        if depth > MAX_DEPTH {
            return None;
        }
        let (size, align) = match base_shape(ty, packing) {
            Some(shape) => shape,
            None => {
                let body = self.structs.get(ty)?.clone();
                let (end, widest) = self.walk(body, packing, reader, depth + 1)?;
                let align = match (packing, reader) {
                    (Packing::Std140, Reader::Glsl) => widest.max(16),
                    _ => widest,
                };
                (end.div_ceil(align) * align, align)
            }
        };
        let dims = dims?;
        if dims.is_empty() {
            return Some((size, align));
        }
        let align = match packing {
            Packing::Std140 => align.max(16),
            Packing::Std430 => align,
        };
        let stride = size.div_ceil(align) * align;
        let count = dims.iter().try_fold(1u32, |n, d| n.checked_mul(*d))?;
        Some((stride.checked_mul(count)?, align))
    }

    /// The end offset and widest alignment of the members of a struct body.
    fn walk(
        &self,
        body: Range<usize>,
        packing: Packing,
        reader: Reader,
        depth: u32,
    ) -> Option<(u32, u32)> {
        let mut at = 0u32;
        let mut widest = 1;
        for (_, declarators) in self.members(body) {
            for d in declarators {
                let (size, align) = self.shape(&d.ty, d.dims.as_deref(), packing, reader, depth)?;
                at = at.div_ceil(align).checked_mul(align)?.checked_add(size)?;
                widest = widest.max(align);
            }
        }
        Some((at, widest))
    }
}

/// (size, alignment) of a scalar, vector or matrix type under `packing`, or `None` for any
/// other name.
fn base_shape(ty: &str, packing: Packing) -> Option<(u32, u32)> {
    let (width, rest) = match ty {
        "float" | "int" | "uint" | "bool" => return Some((4, 4)),
        "double" => return Some((8, 8)),
        _ if ty.starts_with("dvec") || ty.starts_with("dmat") => (8, &ty[1..]),
        _ if ty.starts_with("ivec") || ty.starts_with("uvec") || ty.starts_with("bvec") => {
            (4, &ty[1..])
        }
        _ => (4, ty),
    };
    let vector = |n: u32| (n * width, if n == 3 { 4 * width } else { n * width });
    let dim = |s: &str| s.parse::<u32>().ok().filter(|n| (2..=4).contains(n));
    if let Some(n) = rest.strip_prefix("vec") {
        return Some(vector(dim(n)?));
    }
    let dims = rest.strip_prefix("mat")?;
    let (columns, rows) = match dims.split_once('x') {
        Some((c, r)) => (dim(c)?, dim(r)?),
        None => (dim(dims)?, dim(dims)?),
    };
    // Columns as an array of column vectors (rule 5).
    let (size, align) = vector(rows);
    let align = match packing {
        Packing::Std140 => align.max(16),
        Packing::Std430 => align,
    };
    Some((size.div_ceil(align) * align * columns, align))
}

/// The value of the `offset` entry of the layout group at `group`, a constant expression.
fn offset_of(tokens: &[Token], group: Range<usize>, constants: &Constants) -> Option<u32> {
    let key = (group.start..group.end).find(|&i| {
        tokens[i].is_ident("offset") && tokens.get(i + 1).is_some_and(|t| t.is_punct("="))
    })?;
    let start = key + 2;
    let mut depth = 0usize;
    let mut end = start;
    while end + 1 < group.end {
        let t = &tokens[end];
        if t.is_punct("(") {
            depth += 1;
        } else if t.is_punct(")") {
            depth = depth.checked_sub(1)?;
        } else if t.is_punct(",") && depth == 0 {
            break;
        }
        end += 1;
    }
    u32::try_from(constants.eval(&tokens[start..end])?).ok()
}

impl Rewrite<'_> {
    /// The block declared in `range` laid out as GLSL says (see the module docs).
    pub fn lay_out_block(&mut self, q: &items::Qualifiers, range: Range<usize>, block: &str) {
        let tokens = self.tokens;
        let packing = packing(q);
        if let Some(group) = q
            .layouts
            .iter()
            .find(|g| g.entries.iter().any(|(k, _)| k == "push_constant"))
        {
            let named = q.layout("std140").is_some() || q.layout("std430").is_some();
            if !named {
                let loc = tokens[group.range.start].loc;
                self.edits
                    .push(Edit::insert(group.range.start + 2, gen("std430 ,", loc)));
            }
        }
        let Some(open) = (q.type_start + 1..range.end).find(|&i| tokens[i].is_punct("{")) else {
            return;
        };
        let Some(close) = items::matching_close(tokens, open, range.end) else {
            return;
        };
        let layout = Layout::of(tokens, &self.constants);
        // Where the previous member ends, in GLSL's layout and in naga's; `None` once a
        // member's size is not known.
        let mut cursors: Option<(u32, u32)> = Some((0, 0));
        let mut unreached = Vec::new();
        let mut pads = 0;
        for (member, declarators) in layout.members(open + 1..close) {
            let mq = items::qualifiers(tokens, member.clone());
            let group = mq.layouts.first().map(|g| g.range.clone());
            for extra in mq.layouts.iter().skip(1) {
                self.edits.push(Edit::delete(extra.range.clone()));
            }
            let offset = group
                .clone()
                .and_then(|g| offset_of(tokens, g, &self.constants));
            let mut insert = Vec::new();
            for (k, d) in declarators.iter().enumerate() {
                let shapes = layout
                    .shape(&d.ty, d.dims.as_deref(), packing, Reader::Glsl, 0)
                    .zip(layout.shape(&d.ty, d.dims.as_deref(), packing, Reader::Naga, 0));
                let explicit = offset.filter(|_| k == 0);
                let placed = match (cursors, shapes) {
                    (
                        Some((glsl_end, naga_end)),
                        Some(((glsl_size, glsl_align), (naga_size, naga_align))),
                    ) => {
                        let target = explicit.unwrap_or(glsl_end.div_ceil(glsl_align) * glsl_align);
                        let gap = target.checked_sub(naga_end).filter(|gap| gap % 4 == 0);
                        let naga_at = naga_end.div_ceil(naga_align) * naga_align;
                        match gap {
                            // naga puts it there itself.
                            _ if naga_at == target => Some((target, glsl_size, naga_size)),
                            Some(gap) if k == 0 && target.is_multiple_of(naga_align) => {
                                let loc = tokens[d.name_at].loc;
                                for _ in 0..gap / 4 {
                                    let name =
                                        self.names.fresh(&format!("prism_{block}_pad{pads}"));
                                    pads += 1;
                                    insert.extend(gen(&format!("float {name} ;"), loc));
                                }
                                Some((target, glsl_size, naga_size))
                            }
                            _ => None,
                        }
                    }
                    _ => None,
                };
                cursors = placed.and_then(|(at, glsl_size, naga_size)| {
                    Some((at.checked_add(glsl_size)?, at.checked_add(naga_size)?))
                });
                if cursors.is_none() && explicit.is_some() {
                    if let Some(g) = &group {
                        unreached.push(tokens[g.start].loc.join(tokens[g.end - 1].loc));
                    }
                }
            }
            match group {
                Some(g) => self.edits.push(Edit::replace(g, insert)),
                None if !insert.is_empty() => self.edits.push(Edit::insert(member.start, insert)),
                None => {}
            }
        }
        if !unreached.is_empty() {
            self.warnings.push(unreached_warning(block, &unreached));
        }
    }
}

/// The warning listing the offsets that padding could not reach.
fn unreached_warning(block: &str, unreached: &[Loc]) -> Diagnostic {
    let labels = unreached
        .iter()
        .map(|loc| Label::primary(loc.file, loc.range()).with_message("dropped"))
        .collect();
    Diagnostic::warning()
        .with_code("W-DIALECT")
        .with_message(format!(
            "member offsets in block `{block}` are ignored: naga lays the members out itself"
        ))
        .with_labels(labels)
        .with_notes(vec![
            "prism pads to an offset when it can; these it could not reach (an offset below \
             where the member would go, off its alignment, or after a member prism cannot size)"
                .into(),
        ])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_types_follow_both_packings() {
        assert_eq!(base_shape("float", Packing::Std140), Some((4, 4)));
        assert_eq!(base_shape("vec3", Packing::Std430), Some((12, 16)));
        assert_eq!(base_shape("dvec3", Packing::Std430), Some((24, 32)));
        assert_eq!(base_shape("mat3", Packing::Std140), Some((48, 16)));
        assert_eq!(base_shape("mat2", Packing::Std140), Some((32, 16)));
        assert_eq!(base_shape("mat2", Packing::Std430), Some((16, 8)));
        assert_eq!(base_shape("mat4x2", Packing::Std430), Some((32, 8)));
        assert_eq!(base_shape("mat5", Packing::Std430), None);
        assert_eq!(base_shape("Light", Packing::Std430), None);
    }

    #[test]
    fn small_structs_differ_only_under_std140() {
        let tokens = super::super::tokens::gen(
            "struct S { float a ; float b ; } ; struct T { S s ; float w [ N ] ; } ;",
            Loc::new(0, 0..0),
        );
        let constants = Constants::of(&super::super::tokens::gen(
            "const int N = 3 ;",
            Loc::new(0, 0..0),
        ));
        let layout = Layout::of(&tokens, &constants);
        let shape = |ty, packing, reader| layout.shape(ty, Some(&[]), packing, reader, 0);
        assert_eq!(shape("S", Packing::Std140, Reader::Glsl), Some((16, 16)));
        assert_eq!(shape("S", Packing::Std140, Reader::Naga), Some((8, 4)));
        assert_eq!(shape("S", Packing::Std430, Reader::Glsl), Some((8, 4)));
        // `s` then three floats 16 bytes apart.
        assert_eq!(shape("T", Packing::Std140, Reader::Glsl), Some((64, 16)));
        assert_eq!(shape("T", Packing::Std140, Reader::Naga), Some((64, 16)));
        assert_eq!(shape("T", Packing::Std430, Reader::Naga), Some((20, 4)));
    }
}
