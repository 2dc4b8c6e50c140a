//! std140 layout (GLSL 4.60 §7.6.2.2, "Standard Uniform Block Layout") of uniform block and
//! struct members, as the token stream declares them, where naga's GLSL reader differs.
//!
//! naga's reader follows rule 4 (arrays rounded up to 16) but not rule 9: a struct's
//! alignment is its widest member's and its size is rounded to that, never to 16. Every
//! other type naga lays out as std140 says, so the two differ only for a *small* struct, one
//! whose members are all scalars, 2-vectors and small structs (not arrays, not matrices,
//! not 3/4-vectors): naga aligns it to 4 or 8 bytes and sizes it to a multiple of that.
//! [`Layouts::pads`] says how many `float`s to put before each small struct member of a
//! block or struct (to reach a multiple of 16) and at the end of a small struct (to make
//! its size one): naga's offsets are then std140's, and the host's buffer is unchanged.
//!
//! std430 (storage blocks) does not round structs: a struct a storage block holds must
//! not be padded, so callers leave those alone.
//!
//! Array lengths are integer literals or names of `const int` / `const uint` declared with
//! a literal (`#define`d lengths are literals by now). A member whose size is not known
//! stops the walk: nothing is padded after it.

use std::collections::HashMap;
use std::ops::Range;

use super::items;
use crate::front::glsl::preprocess::{Token, TokenKind};

/// Nesting deeper than this is not laid out (a struct that holds itself is an error naga
/// reports).
const MAX_DEPTH: u32 = 16;

/// One declarator of a block or struct member declaration.
#[derive(Debug, Clone)]
pub(super) struct Member {
    /// Where its declaration starts (its qualifiers, or its type).
    pub start: usize,
    /// The `,` before it when it is not the first declarator of its declaration.
    pub comma: Option<usize>,
    pub ty: String,
    pub name: String,
    /// `None`: not an array; `Some(None)`: an array of a length not known here.
    pub len: Option<Option<u32>>,
}

/// The structs and integer constants of a token stream, for layouts.
pub(super) struct Layouts<'t> {
    tokens: &'t [Token],
    /// Struct name → its body, between the braces.
    structs: HashMap<String, Range<usize>>,
    consts: HashMap<String, u32>,
}

/// Where `float` padding goes: `count` floats before token `at`, or, where `split` names
/// the type, in place of the `,` at `at` (`L a, b;` becomes `L a; float pad; L b;`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Pad {
    pub at: usize,
    pub count: u32,
    pub split: Option<String>,
}

impl<'t> Layouts<'t> {
    pub fn of(tokens: &'t [Token]) -> Self {
        let mut structs = HashMap::new();
        let mut consts = HashMap::new();
        for (i, t) in tokens.iter().enumerate() {
            if t.is_ident("struct") {
                let name = tokens.get(i + 1).filter(|n| n.kind == TokenKind::Ident);
                let open = tokens.get(i + 2).is_some_and(|n| n.is_punct("{"));
                if let (Some(name), true) = (name, open) {
                    if let Some(close) = items::matching_close(tokens, i + 2, tokens.len()) {
                        structs.insert(name.text.clone(), i + 3..close);
                    }
                }
            } else if t.is_ident("const") {
                // `const int N = 4;`
                let ty = tokens.get(i + 1);
                let int = ty.is_some_and(|t| t.is_ident("int") || t.is_ident("uint"));
                let (Some(name), Some(eq), Some(value), Some(semi)) = (
                    tokens.get(i + 2),
                    tokens.get(i + 3),
                    tokens.get(i + 4),
                    tokens.get(i + 5),
                ) else {
                    continue;
                };
                if int && eq.is_punct("=") && value.kind == TokenKind::Int && semi.is_punct(";") {
                    if let Some(v) = items::parse_int(&value.text) {
                        consts.insert(name.text.clone(), v);
                    }
                }
            }
        }
        Layouts {
            tokens,
            structs,
            consts,
        }
    }

    /// The length an array specifier's tokens give: a literal or a constant's name.
    pub fn array_len(&self, inside: &[Token]) -> Option<u32> {
        match inside {
            [t] if t.kind == TokenKind::Int => items::parse_int(&t.text),
            [t] if t.kind == TokenKind::Ident => self.consts.get(&t.text).copied(),
            _ => None,
        }
    }

    /// The value of a `const int` / `const uint` declared with a literal.
    pub fn constant(&self, name: &str) -> Option<u32> {
        self.consts.get(name).copied()
    }

    /// The length of the member `name` of struct `owner`, when an array of a known length.
    pub fn member_len(&self, owner: &str, name: &str) -> Option<u32> {
        let body = self.structs.get(owner)?.clone();
        self.members(body)
            .into_iter()
            .find(|m| m.name == name)?
            .len
            .flatten()
    }

    /// The member declarators between `body.start` and `body.end` (a block's or struct's
    /// braces, exclusive).
    pub fn members(&self, body: Range<usize>) -> Vec<Member> {
        let tokens = self.tokens;
        let mut out = Vec::new();
        let mut start = body.start;
        while start < body.end {
            let Some(end) = (start..body.end).find(|&j| tokens[j].is_punct(";")) else {
                break;
            };
            let q = items::qualifiers(tokens, start..end);
            if let Some(ty) = tokens.get(q.type_start).filter(|_| q.type_start < end) {
                let mut i = q.type_start + 1;
                let mut comma = None;
                while i < end {
                    let t = &tokens[i];
                    if t.kind == TokenKind::Ident {
                        let mut len = None;
                        let mut next = i + 1;
                        if tokens.get(i + 1).is_some_and(|n| n.is_punct("[")) {
                            let close = items::matching_close(tokens, i + 1, end);
                            len = Some(close.and_then(|c| self.array_len(&tokens[i + 2..c])));
                            next = close.map_or(end, |c| c + 1);
                        }
                        out.push(Member {
                            start,
                            comma,
                            ty: ty.text.clone(),
                            name: t.text.clone(),
                            len,
                        });
                        // On to the next declarator.
                        comma = (next..end).find(|&j| tokens[j].is_punct(","));
                        i = comma.map_or(end, |j| j + 1);
                    } else {
                        i += 1;
                    }
                }
            }
            start = end + 1;
        }
        out
    }

    /// A struct naga aligns to less than 16 bytes (see the module docs).
    pub fn is_small(&self, ty: &str) -> bool {
        self.small(ty, 0)
    }

    fn small(&self, ty: &str, depth: u32) -> bool {
        let Some(body) = self.structs.get(ty) else {
            return false;
        };
        depth < MAX_DEPTH
            && self.members(body.clone()).iter().all(|m| {
                m.len.is_none()
                    && (self.small(&m.ty, depth + 1)
                        || matches!(base_layout(&m.ty), Some((_, align)) if align <= 8))
            })
    }

    /// (size, alignment) under std140 of a value of type `ty`, an array when `len` is.
    pub fn std140(&self, ty: &str, len: Option<Option<u32>>) -> Option<(u32, u32)> {
        self.layout(ty, len, 0)
    }

    fn layout(&self, ty: &str, len: Option<Option<u32>>, depth: u32) -> Option<(u32, u32)> {
        if depth > MAX_DEPTH {
            return None;
        }
        let (size, align) = match base_layout(ty) {
            Some(layout) => layout,
            None => {
                let body = self.structs.get(ty)?.clone();
                let (end, align) = self.walk(&self.members(body), depth + 1)?;
                let align = align.max(16);
                (end.div_ceil(align) * align, align)
            }
        };
        match len {
            None => Some((size, align)),
            Some(n) => {
                let align = align.max(16);
                let stride = size.div_ceil(align) * align;
                Some((stride.checked_mul(n?)?, align))
            }
        }
    }

    /// The std140 end offset and widest alignment of a member list.
    fn walk(&self, members: &[Member], depth: u32) -> Option<(u32, u32)> {
        let mut at = 0u32;
        let mut widest = 1;
        for m in members {
            let (size, align) = self.layout(&m.ty, m.len, depth)?;
            at = at.div_ceil(align) * align + size;
            widest = widest.max(align);
        }
        Some((at, widest))
    }

    /// The `float` padding that gives naga std140 offsets for the members of `body`: before
    /// each small struct member (or array of them), and at the end (`body.end`) when `struct_name` is a small
    /// struct. Stops at the first member whose size is not known.
    pub fn pads(&self, body: Range<usize>, struct_name: Option<&str>) -> Vec<Pad> {
        let mut pads = Vec::new();
        let mut at = 0u32;
        for m in self.members(body.clone()) {
            let Some((size, align)) = self.std140(&m.ty, m.len) else {
                return pads;
            };
            let aligned = at.div_ceil(align) * align;
            // Arrays of small structs too: naga places them at std140's offset already, but
            // WGSL aligns them as their element, so the padding keeps both the same.
            if self.is_small(&m.ty) && aligned != at {
                if !(aligned - at).is_multiple_of(4) {
                    return pads;
                }
                pads.push(Pad {
                    at: m.comma.unwrap_or(m.start),
                    count: (aligned - at) / 4,
                    split: m.comma.map(|_| m.ty.clone()),
                });
            }
            at = aligned + size;
        }
        if struct_name.is_some_and(|s| self.is_small(s)) {
            let rounded = at.div_ceil(16) * 16;
            if rounded != at && (rounded - at).is_multiple_of(4) {
                pads.push(Pad {
                    at: body.end,
                    count: (rounded - at) / 4,
                    split: None,
                });
            }
        }
        pads
    }
}

/// (size, alignment) under std140 of a scalar, vector or matrix type.
fn base_layout(ty: &str) -> Option<(u32, u32)> {
    let (width, rest) = match ty {
        "float" | "int" | "uint" | "bool" => return Some((4, 4)),
        "double" => return Some((8, 8)),
        _ if ty.starts_with("dvec") => (8, &ty[1..]),
        _ if ty.starts_with("dmat") => (8, &ty[1..]),
        _ if ty.starts_with("ivec") || ty.starts_with("uvec") || ty.starts_with("bvec") => {
            (4, &ty[1..])
        }
        _ => (4, ty),
    };
    let vector = |n: u32| (n * width, if n == 3 { 4 * width } else { n * width });
    if let Some(n) = rest.strip_prefix("vec") {
        let n: u32 = n.parse().ok().filter(|n| (2..=4).contains(n))?;
        return Some(vector(n));
    }
    let dims = rest.strip_prefix("mat")?;
    let (columns, rows) = match dims.split_once('x') {
        Some((c, r)) => (c.parse().ok()?, r.parse().ok()?),
        None => {
            let n: u32 = dims.parse().ok()?;
            (n, n)
        }
    };
    if !(2..=4).contains(&columns) || !(2..=4).contains(&rows) {
        return None;
    }
    // Rule 5: C column vectors, as an array (rule 4: each rounded up to 16).
    let (size, align) = vector(rows);
    let align = align.max(16);
    let stride = size.div_ceil(align) * align;
    Some((stride * columns, align))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::front::glsl::preprocess::{preprocess, PreprocessOptions};
    use crate::source::{SourceFile, SourceFiles};

    fn tokenize(source: &str) -> Vec<Token> {
        let mut files = SourceFiles::new();
        let root = files.add(SourceFile::new("t.frag", None, source));
        match preprocess(&mut files, root, &PreprocessOptions::default()) {
            Ok(pre) => pre.tokens,
            Err(e) => panic!("preprocess failed: {e:?}"),
        }
    }

    #[test]
    fn base_types_follow_rules_1_to_5() {
        assert_eq!(base_layout("float"), Some((4, 4)));
        assert_eq!(base_layout("vec2"), Some((8, 8)));
        assert_eq!(base_layout("ivec3"), Some((12, 16)));
        assert_eq!(base_layout("dvec3"), Some((24, 32)));
        assert_eq!(base_layout("mat3"), Some((48, 16)));
        assert_eq!(base_layout("mat2x4"), Some((32, 16)));
        assert_eq!(base_layout("mat4x2"), Some((64, 16)));
        assert_eq!(base_layout("sampler2D"), None);
    }

    #[test]
    fn small_structs_are_padded_before_and_after() {
        let tokens = tokenize(
            "const int N = 3; struct L { float a; }; struct M { vec2 p; L l; float q; }; \
             struct W { vec4 v; L l; };",
        );
        let layouts = Layouts::of(&tokens);
        assert!(layouts.is_small("L") && layouts.is_small("M") && !layouts.is_small("W"));
        assert_eq!(layouts.std140("M", None), Some((48, 16)));
        assert_eq!(layouts.std140("L", Some(Some(2))), Some((32, 16)));
        assert_eq!(layouts.constant("N"), Some(3));
        let body = layouts.structs["M"].clone();
        let counts: Vec<u32> = layouts
            .pads(body, Some("M"))
            .iter()
            .map(|p| p.count)
            .collect();
        // Two floats before `l` (8 → 16), three after `q` (36 → 48).
        assert_eq!(counts, vec![2, 3]);
        let body = layouts.structs["W"].clone();
        assert!(layouts.pads(body, Some("W")).is_empty());
    }
}
