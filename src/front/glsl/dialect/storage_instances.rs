//! Named storage blocks whose last member is a runtime-sized array
//! (`buffer Particles { uint count; Particle items[]; } particles;`), or one of whose members
//! an atomic function takes (`atomicAdd(counters.count, 1u)`), read as anonymous blocks.
//!
//! naga's GLSL reader reads `particles.count` (and `particles.items.length()`, or an atomic
//! on `particles.count`) by loading the whole block first and selecting the member from the
//! value; a block holding a runtime-sized array cannot be loaded, so naga's validator refuses
//! the module ("Loading of [..] can't be done"); an atomic member read from a loaded value is
//! an atomic value, which no operator takes (and naga's HLSL writer panics loading one).
//! Only `particles.items[i]`, read through a pointer, works. Members of an anonymous block are read through a pointer each, so:
//! - the instance name goes, and each member is renamed `prism_particles_count`, ... (fresh
//!   names: the members of an anonymous block are globals, and two blocks often share member
//!   names such as `data`);
//! - every `particles.member` in a function becomes that name, except in a function where a
//!   parameter or local named `particles` shadows the block;
//! - after the parse, [`apply`] gives the variable and the members their names back (a marker
//!   comment carries them), so reflection and the text targets read the user's names.
//!
//! Arrays of blocks (`} particles[2];`) are left as they are.

use super::items::{self, ItemKind};
use super::tokens::{self, gen, renamed, Edit, Names};
use crate::front::glsl::preprocess::{Token, TokenKind};

/// The comment that tells [`apply`] a block's instance name and its members' names.
const MARKER: &str = "/*prism-storage-instance";

/// The rewrite of the module docs.
pub(super) fn unname_runtime_blocks(tokens: Vec<Token>, names: &Names) -> Vec<Token> {
    if !tokens.iter().any(|t| t.is_ident("buffer")) {
        return tokens;
    }
    let Ok(items) = items::split_items(&tokens) else {
        return tokens;
    };
    let mut edits = Vec::new();
    // Instance name → (member name, new name).
    let mut blocks: Vec<(String, Vec<(String, String)>)> = Vec::new();
    for item in items.iter().filter(|i| i.kind == ItemKind::Declaration) {
        let q = items::qualifiers(&tokens, item.range.clone());
        if !q.has("buffer") || !q.opens_block(&tokens) {
            continue;
        }
        let Some((Some(instance), members)) = items::block_members(&tokens, &q, item) else {
            continue;
        };
        let close = members.last().map_or(q.type_start + 2, |m| m.end + 1);
        let single = tokens.get(close + 2).is_some_and(|t| t.is_punct(";"));
        let names_at: Vec<usize> = members
            .iter()
            .filter_map(|m| member_name(&tokens, m))
            .collect();
        let runtime = names_at.last().is_some_and(|&at| {
            tokens.get(at + 1).is_some_and(|t| t.is_punct("["))
                && tokens.get(at + 2).is_some_and(|t| t.is_punct("]"))
        });
        // An atomic on a member (`atomicAdd(counters.count, 1u)`) makes the member atomic,
        // and an atomic cannot be read out of a loaded block value either.
        let atomic = tokens.windows(4).any(|w| {
            w[0].kind == TokenKind::Ident
                && w[0].text.starts_with("atomic")
                && w[1].is_punct("(")
                && w[2].text == instance
                && w[3].is_punct(".")
        });
        if !single || !(runtime || atomic) || names_at.len() != members.len() {
            continue;
        }
        let mut renames = Vec::new();
        for &at in &names_at {
            let member = tokens[at].text.clone();
            let fresh = names.fresh(&format!("prism_{instance}_{member}"));
            edits.push(Edit::replace(
                at..at + 1,
                vec![renamed(&tokens[at], &fresh)],
            ));
            renames.push((member, fresh));
        }
        let pairs: Vec<String> = renames.iter().map(|(m, r)| format!("{m} {r}")).collect();
        let loc = tokens[close + 1].loc;
        let mut marker = gen("x", loc);
        marker[0].kind = TokenKind::Punct;
        marker[0].text = format!("{MARKER} {instance} {}*/", pairs.join(" "));
        edits.push(Edit::replace(close + 1..close + 2, marker));
        blocks.push((instance, renames));
    }
    if blocks.is_empty() {
        return tokens;
    }
    for item in &items {
        let ItemKind::Function { params, body, .. } = &item.kind else {
            continue;
        };
        let shadowed = items::local_names(&tokens, params.clone(), body.clone());
        let mut i = body.start;
        while i + 2 < body.end {
            let t = &tokens[i];
            let after_dot = i > 0 && tokens[i - 1].is_punct(".");
            let member = blocks
                .iter()
                .filter(|(instance, _)| t.is_ident(instance) && !shadowed.contains(instance))
                .flat_map(|(_, renames)| renames)
                .find(|(member, _)| tokens[i + 1].is_punct(".") && tokens[i + 2].is_ident(member));
            match member {
                Some((_, fresh)) if !after_dot => {
                    let token = Token {
                        loc: t.loc.join(tokens[i + 2].loc),
                        ..renamed(t, fresh)
                    };
                    edits.push(Edit::replace(i..i + 3, vec![token]));
                    i += 3;
                }
                _ => i += 1,
            }
        }
    }
    tokens::apply(tokens, edits)
}

/// The index of the name a block member declaration declares (`T name`, `T name[...]`,
/// after qualifiers), when it declares one.
fn member_name(tokens: &[Token], member: &std::ops::Range<usize>) -> Option<usize> {
    let q = items::qualifiers(tokens, member.clone());
    let at = q.type_start + 1;
    let name = tokens
        .get(at)
        .filter(|t| t.kind == TokenKind::Ident && at < member.end)?;
    let rest = &tokens[at + 1..member.end];
    // One declarator: nothing after it but its array specifier.
    let single =
        rest.first().is_none_or(|t| t.is_punct("[")) && !rest.iter().any(|t| t.is_punct(","));
    (single && name.kind == TokenKind::Ident).then_some(at)
}

/// After the parse: each unnamed block (marked in `text`, the upgraded GLSL) takes its
/// instance name and its members' names back. Returns how many.
pub fn apply(module: &mut naga::Module, text: &str) -> usize {
    let mut restored = 0;
    for mut words in tokens::marker_words(text, MARKER) {
        let Some(instance) = words.next() else {
            continue;
        };
        let pairs: Vec<&str> = words.collect();
        let renames: Vec<(&str, &str)> = pairs
            .chunks(2)
            .filter_map(|p| Some((p[0], *p.get(1)?)))
            .collect();
        let Some((_, first)) = renames.first() else {
            continue;
        };
        let found = module.global_variables.iter().find_map(|(h, g)| {
            let naga::TypeInner::Struct { members, .. } = &module.types[g.ty].inner else {
                return None;
            };
            let holds = members.first().and_then(|m| m.name.as_deref()) == Some(*first);
            holds.then_some((h, g.ty))
        });
        let Some((global, ty)) = found else {
            continue;
        };
        let mut block = module.types[ty].clone();
        if let naga::TypeInner::Struct { members, .. } = &mut block.inner {
            for member in members.iter_mut() {
                if let Some((original, _)) = renames
                    .iter()
                    .find(|(_, fresh)| member.name.as_deref() == Some(*fresh))
                {
                    member.name = Some(original.to_string());
                }
            }
        }
        // `replace` keeps the handle; it refuses a type the arena already has.
        if module.types.get(&block).is_none() {
            module.types.replace(ty, block);
        }
        module.global_variables[global].name = Some(instance.to_string());
        restored += 1;
    }
    restored
}
