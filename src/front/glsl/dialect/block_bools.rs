//! `bool` and `bvecN` members of uniform and storage blocks, which naga refuses (a boolean is not
//! host-shareable: its validator rejects the block's type for the uniform address space).
//!
//! In std140 a `bool` member takes 4 bytes, aligned like a `uint` (glslang's SPIR-V declares
//! it as a `uint`), so the member is declared `uint` / `uvecN` instead and the host's buffer
//! does not change. Each read of it goes through the user's own type's constructor, which is
//! GLSL's `!= 0` test:
//!
//! ```text
//! uniform L { vec4 color; bool castShadow; bvec4 flags; } lights[4];
//! uniform L { vec4 color; uint castShadow; uvec4 flags; } lights[4];
//! if (lights[i].castShadow && lights[i].flags.z)     if (bool(lights[i].castShadow) && bvec4(lights[i].flags).z)
//! ```
//!
//! - A member of a named block (an instance array too) is found where it is selected: the
//!   type of the expression before the `.` ([`exprs::type_of`]) is the block's, so a local
//!   of the instance's name, or another block with a member of that name, is left alone.
//! - A member of an anonymous block is a global name: each use in a function body that no
//!   parameter or local of that function shadows.
//! - An array member (`bool on[4]`) is read an element at a time: `bool(b.on[i])`; used
//!   whole (passed to a function, compared), it is rebuilt, `bool[4](bool(b.on[0]), ...)`,
//!   when its length is a literal or a `const int`.
//! - A storage (`buffer`) block's member may be written: `b.flag = E;` stores
//!   `uint(E)` (`uvecN(E)`), GLSL's `true` → 1. (std430 stores a `bool` as 4 bytes too, as
//!   glslang declares it.) Writing a whole array member, or passing a member as an `out`
//!   argument, is not covered.
//!
//! `bool` members of structs that a block holds are `struct_members`' (declared `uint` in
//! the struct, read back the same way); loose `bool` uniforms are `uniforms`'.
//!
//! Not covered: a whole array member whose base has side effects (`b[i++].on`), or whose
//! length prism does not know; naga's type error is then reported on the user's line.

use std::collections::{HashMap, HashSet};

use super::exprs;
use super::items::{self, ItemKind};
use super::std140::Layouts;
use super::struct_members::base_start;
use super::tokens::{self, gen, renamed, Edit};
use super::types::Types;
use crate::front::glsl::preprocess::{Token, TokenKind};

/// The host-shareable type a boolean member is stored as.
fn stored_as(ty: &str) -> Option<&'static str> {
    Some(match ty {
        "bool" => "uint",
        "bvec2" => "uvec2",
        "bvec3" => "uvec3",
        "bvec4" => "uvec4",
        _ => return None,
    })
}

/// A boolean block member: its declared type (the constructor that reads it back) and,
/// for an array, its length when known.
#[derive(Clone, Debug)]
struct BoolMember {
    ty: String,
    array: Option<Option<u32>>,
}

/// The boolean members of the shader's uniform blocks.
#[derive(Default)]
struct BoolMembers {
    /// (block name, member) → the member, for named blocks.
    named: HashMap<(String, String), BoolMember>,
    /// member → the member, for anonymous blocks (their members are global names).
    anonymous: HashMap<String, BoolMember>,
}

/// The rewrite of the module docs.
pub(super) fn convert_block_bools(tokens: Vec<Token>) -> Vec<Token> {
    if !tokens.iter().any(|t| stored_as(&t.text).is_some()) {
        return tokens;
    }
    let Ok(item_list) = items::split_items(&tokens) else {
        return tokens;
    };
    let mut edits = Vec::new();
    let members = declarations(&tokens, &item_list, &mut edits);
    if members.named.is_empty() && members.anonymous.is_empty() {
        return tokens;
    }
    let types = Types::of(&tokens);
    for item in &item_list {
        if let ItemKind::Function { params, body, .. } = &item.kind {
            let shadowed = items::local_names(&tokens, params.clone(), body.clone());
            let uses = Uses {
                tokens: &tokens,
                types: &types,
                members: &members,
                shadowed: &shadowed,
                body: body.clone(),
            };
            edits.extend(uses.rewrite());
        }
    }
    tokens::apply(tokens, edits)
}

/// Each boolean member of a uniform block: its type becomes the stored one (an edit), and
/// it is listed for the uses.
fn declarations(tokens: &[Token], item_list: &[items::Item], edits: &mut Vec<Edit>) -> BoolMembers {
    let layouts = Layouts::of(tokens);
    let mut out = BoolMembers::default();
    for item in item_list.iter().filter(|i| i.kind == ItemKind::Declaration) {
        let q = items::qualifiers(tokens, item.range.clone());
        if !(q.has("uniform") || q.has("buffer")) || !q.opens_block(tokens) {
            continue;
        }
        let block = tokens[q.type_start].text.clone();
        let Some((instance, ranges)) = items::block_members(tokens, &q, item) else {
            continue;
        };
        for range in ranges {
            let mq = items::qualifiers(tokens, range.clone());
            let Some(ty) = tokens
                .get(mq.type_start)
                .filter(|_| mq.type_start < range.end)
            else {
                continue;
            };
            let Some(stored) = stored_as(&ty.text) else {
                continue;
            };
            edits.push(Edit::replace(
                mq.type_start..mq.type_start + 1,
                vec![renamed(ty, stored)],
            ));
            // `bool[2] on;`: the array specifier on the type applies to every declarator.
            let on_type = tokens
                .get(mq.type_start + 1)
                .filter(|t| t.is_punct("["))
                .and_then(|_| items::matching_close(tokens, mq.type_start + 1, range.end))
                .map(|close| layouts.array_len(&tokens[mq.type_start + 2..close]));
            for (name, len) in items::declarators(tokens, mq.type_start + 1, range.end) {
                let array = on_type
                    .or_else(|| len.map(|text| layouts.array_len(&tokens::gen(&text, ty.loc))));
                let member = BoolMember {
                    ty: ty.text.clone(),
                    array,
                };
                match &instance {
                    Some(_) => out.named.insert((block.clone(), name), member),
                    None => out.anonymous.insert(name, member),
                };
            }
        }
    }
    out
}

/// The end (a `;`, `,` or `)` outside brackets) of the value assigned from `start`.
fn value_end(tokens: &[Token], start: usize, limit: usize) -> Option<usize> {
    let mut at = start;
    while at < limit {
        let t = &tokens[at];
        if t.is_punct("(") || t.is_punct("[") {
            at = items::matching_close(tokens, at, limit)? + 1;
            continue;
        }
        if t.is_punct(";") || t.is_punct(",") || t.is_punct(")") {
            return (at > start).then_some(at);
        }
        at += 1;
    }
    None
}

/// The uses of boolean block members in one function body.
struct Uses<'a> {
    tokens: &'a [Token],
    types: &'a Types,
    members: &'a BoolMembers,
    /// Names the function declares itself (parameters, locals).
    shadowed: &'a HashSet<String>,
    body: std::ops::Range<usize>,
}

impl Uses<'_> {
    fn rewrite(&self) -> Vec<Edit> {
        let tokens = self.tokens;
        let mut edits = Vec::new();
        let mut i = self.body.start;
        while i < self.body.end {
            let t = &tokens[i];
            let after_dot = i > 0 && tokens[i - 1].is_punct(".");
            let found = if t.is_punct(".") {
                self.named_use(i)
            } else if t.kind == TokenKind::Ident && !after_dot && !self.shadowed.contains(&t.text) {
                self.members
                    .anonymous
                    .get(&t.text)
                    .map(|member| (i, i + 1, member))
            } else {
                None
            };
            match found.and_then(|(start, after, member)| self.read(start, after, member)) {
                Some((edit, resume)) => {
                    edits.extend(edit);
                    // A whole array rebuilt: its tokens were copied, skip them.
                    i = resume.max(i + 1);
                }
                None => i += 1,
            }
        }
        edits
    }

    /// The member of a named block selected by the `.` at `dot`: where its expression
    /// starts, the token after the member's name, and the member.
    fn named_use(&self, dot: usize) -> Option<(usize, usize, &BoolMember)> {
        if self.members.named.is_empty() {
            return None;
        }
        let member = self.tokens.get(dot + 1)?;
        let start = base_start(self.tokens, dot).filter(|&s| s >= self.body.start)?;
        let base = exprs::type_of(self.types, self.tokens, start..dot)?;
        if base.array {
            return None;
        }
        let found = self.members.named.get(&(base.ty, member.text.clone()))?;
        Some((start, dot + 2, found))
    }

    /// The edits that read the member whose expression is `tokens[start..after]` (an array
    /// member's index follows), and where the scan goes on.
    fn read(&self, start: usize, after: usize, member: &BoolMember) -> Option<(Vec<Edit>, usize)> {
        let tokens = self.tokens;
        let loc = tokens[after - 1].loc;
        let mut end = after;
        if let Some(len) = member.array {
            match tokens.get(after) {
                Some(t) if t.is_punct("[") => {
                    end = items::matching_close(tokens, after, self.body.end)? + 1;
                }
                // `.length()` needs no conversion.
                Some(t) if t.is_punct(".") => return None,
                _ => return self.whole_array(start, after, member, len?),
            }
        }
        if tokens.get(end).is_some_and(|t| t.is_punct("=")) {
            // A write (a buffer member): the value is stored as the stored type.
            let stored = stored_as(&member.ty)?;
            let value_end = value_end(tokens, end + 1, self.body.end)?;
            let edits = vec![
                Edit::insert(end + 1, gen(&format!("{stored} ("), loc)),
                Edit::insert(value_end, gen(")", loc)),
            ];
            return Some((edits, start + 1));
        }
        let edits = vec![
            Edit::insert(start, gen(&format!("{} (", member.ty), loc)),
            Edit::insert(end, gen(")", loc)),
        ];
        Some((edits, start + 1))
    }

    /// An array member used whole: `bool[N](bool(E[0]), ..., bool(E[N-1]))`.
    fn whole_array(
        &self,
        start: usize,
        after: usize,
        member: &BoolMember,
        len: u32,
    ) -> Option<(Vec<Edit>, usize)> {
        let tokens = self.tokens;
        let base = &tokens[start..after];
        let effects = ["++", "--", "=", "+=", "-=", "*=", "/=", "%="];
        if base
            .iter()
            .any(|t| t.kind == TokenKind::Punct && effects.contains(&t.text.as_str()))
        {
            return None;
        }
        let loc = tokens[after - 1].loc;
        let ty = &member.ty;
        let mut insert = gen(&format!("{ty} [ {len} ] ("), loc);
        for k in 0..len {
            if k > 0 {
                insert.extend(gen(",", loc));
            }
            insert.extend(gen(&format!("{ty} ("), loc));
            insert.extend(base.iter().cloned());
            insert.extend(gen(&format!("[ {k} ] )"), loc));
        }
        insert.extend(gen(")", loc));
        Some((vec![Edit::replace(start..after, insert)], after))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::front::glsl::preprocess::{preprocess, PreprocessOptions};
    use crate::source::{SourceFile, SourceFiles};

    fn converted(source: &str) -> String {
        let mut files = SourceFiles::new();
        let root = files.add(SourceFile::new("t.frag", None, source));
        let tokens = match preprocess(&mut files, root, &PreprocessOptions::default()) {
            Ok(pre) => pre.tokens,
            Err(e) => panic!("preprocess failed: {e:?}"),
        };
        let out = convert_block_bools(tokens);
        out.iter()
            .map(|t| t.text.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn members_are_stored_as_uint_and_read_through_the_users_type() {
        let text = converted(
            "const int N = 3;\n\
             uniform B { vec4 c; bool on; bvec2 f; bool[2] two; bool more[N]; } b[2];\n\
             uniform A { bool a; bvec3 v; };\n\
             bool all2(bool x[2]) { return x[0] && x[1]; }\n\
             float g(bool a) { return a ? 1.0 : 0.0; }\n\
             void main() {\n\
               float b2 = float(b[1].on) + g(a) + float(all2(b[0].two)) + float(b[0].more.length());\n\
               bvec3 v = bvec3(any(b[1].f) && b[0].more[2]);\n\
               b2 += float(v.x);\n\
             }\n",
        );
        assert!(
            text.contains("{ vec4 c ; uint on ; uvec2 f ; uint [ 2 ] two ; uint more [ N ] ; }"),
            "{text}"
        );
        assert!(text.contains("{ uint a ; uvec3 v ; }"), "{text}");
        assert!(text.contains("float ( bool ( b [ 1 ] . on ) )"), "{text}");
        assert!(text.contains("g ( bool ( a ) )"), "{text}");
        // Used whole: rebuilt element by element.
        assert!(
            text.contains("all2 ( bool [ 2 ] ( bool ( b [ 0 ] . two [ 0 ] ) , bool ( b [ 0 ] . two [ 1 ] ) ) )"),
            "{text}"
        );
        assert!(text.contains("b [ 0 ] . more . length ( )"), "{text}");
        assert!(text.contains("any ( bvec2 ( b [ 1 ] . f ) )"), "{text}");
        assert!(text.contains("bool ( b [ 0 ] . more [ 2 ] )"), "{text}");
        // Shadowed: `g`'s parameter `a`, `main`'s local `v`.
        assert!(text.contains("return a ?"), "{text}");
        assert!(text.contains("float ( v . x )"), "{text}");
    }
}
