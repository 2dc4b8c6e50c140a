//! Input and output blocks whose members carry interpolation qualifiers
//! (`out V { flat int id; noperspective vec2 uv; } v;`): naga reads blocks but not the
//! qualifiers inside them, so such a block becomes one variable per member, with the
//! member's qualifiers and consecutive locations from the block's (GLSL's rule, so the other
//! stage's block still matches). `v.id` becomes the generated name `v_id` at each use; the
//! members of an anonymous block keep their names.
//!
//! Struct-typed inputs and outputs declared in place, as Dear ImGui's Vulkan shaders do
//! (`layout(location = 0) out struct { vec4 Color; vec2 UV; } Out;`), are flattened the same
//! way, with or without qualifiers: naga's reader has no such declaration. Each member takes
//! the locations GLSL gives it (a matrix one per column, an array one per element), from the
//! declaration's location on, so the other stage's struct or block still matches.
//!
//! Blocks with a member that takes more than one location (an array, a matrix) are
//! flattened too, qualifiers or not: naga numbers a block's members one location each, so
//! the member after `vec4 c[2]` would collide with `c`'s second element, and it passes no
//! matrices between stages (a flattened matrix member travels as columns, like any matrix
//! input or output, see `io`). A member's own `layout(location = N)` restarts the count
//! there, as GLSL says. Array lengths may be constant expressions ([`Constants`]).
//!
//! A variable of a struct type declared before (`out S v;`) is flattened the same way when
//! naga could not pass it whole: a member that takes several locations, or an
//! interpolation qualifier on the variable.
//!
//! A member of struct type (`out VS { Inner a; vec3 n; } vs;`, or in a struct variable's
//! struct) is its struct's members, at any depth: `vs.a.uv` becomes `vs_a_uv`, and each takes
//! its locations in order, as GLSL numbers a struct's members.
//!
//! A flattened struct (or nested struct member) used as a whole (`Out = x;`, `f(vs.a)`) is
//! rebuilt from its members' variables ([`io_values`](super::io_values)).
//!
//! Left as they are (for naga to read or report): blocks arrayed (`in V { ... } v[];`) and
//! members whose length is not a constant expression.
//! What stays a member of struct type taking more than one location (an array of structs)
//! is `E-UNSUPPORTED` ([`refuse_nested_locations`]): naga numbers it as one location and the
//! next member collides with it.

use super::consts::Constants;
use super::io_values;
use super::items::{self, ItemKind};
use super::tokens::{self, gen, renamed, Edit, Names};
use super::types::Types;
use crate::diagnostic::{error_at, Diagnostic};
use crate::front::glsl::preprocess::{Token, TokenKind};

const INTERPOLATION: &[&str] = &["flat", "smooth", "noperspective", "centroid", "sample"];

/// `(names, new name)`: the chain `a.b.c` of `names` becomes `new name`.
type Rename = (Vec<String>, String);

/// One flattened member: its location (when it has its own), qualifier tokens, type token,
/// name token and array tokens; `outer` are the struct members it is inside, name and type
/// (`a`, `Inner` for `uv` of `Inner a;`).
struct Member<'t> {
    location: Option<u32>,
    qualifiers: Vec<&'t Token>,
    ty: &'t Token,
    name: &'t Token,
    array: &'t [Token],
    locations: u32,
    outer: Vec<(&'t Token, &'t Token)>,
}

impl Member<'_> {
    /// The member's names from the block down (`a`, `uv`).
    fn path(&self) -> Vec<String> {
        let mut path: Vec<String> = self.outer.iter().map(|(t, _)| t.text.clone()).collect();
        path.push(self.name.text.clone());
        path
    }
}

/// The rewrite of the module docs.
pub(super) fn flatten_interpolated_blocks(tokens: Vec<Token>, names: &Names) -> Vec<Token> {
    let Ok(items) = items::split_items(&tokens) else {
        return tokens;
    };
    let constants = Constants::of(&tokens);
    let mut edits = Vec::new();
    let mut renames: Vec<Rename> = Vec::new();
    let mut wholes: Vec<Rename> = Vec::new();
    for item in items.iter().filter(|i| i.kind == ItemKind::Declaration) {
        if let Some((edit, instance_renames, values)) = flatten(&tokens, item, names, &constants) {
            edits.push(edit);
            renames.extend(instance_renames);
            wholes.extend(values);
        }
    }
    if renames.is_empty() {
        return tokens::apply(tokens, edits);
    }
    let flattened: Vec<std::ops::Range<usize>> = edits.iter().map(|e| e.start..e.end).collect();
    let values = io_values::Values::new(&tokens, &renames, &wholes, names);
    // Longest chains first: `v.a.uv` before a `v.a` of another member.
    renames.sort_by_key(|(path, _)| std::cmp::Reverse(path.len()));
    let chain = |i: usize, path: &[String]| {
        path.iter().enumerate().all(|(k, name)| {
            tokens.get(i + 2 * k).is_some_and(|t| t.is_ident(name))
                && (k == 0 || tokens[i + 2 * k - 1].is_punct("."))
        })
    };
    let mut i = 0;
    while i < tokens.len() {
        let t = &tokens[i];
        let inside = flattened.iter().any(|r| r.contains(&i));
        let after_dot = i > 0 && tokens[i - 1].is_punct(".");
        let rename = renames
            .iter()
            .filter(|(path, _)| path.len() > 1)
            .find(|(path, _)| chain(i, path));
        match rename {
            Some((path, fresh)) if !(inside || after_dot) => {
                let end = i + 2 * path.len() - 1;
                let token = Token {
                    loc: t.loc.join(tokens[end - 1].loc),
                    ..renamed(t, fresh)
                };
                edits.push(Edit::replace(i..end, vec![token]));
                i = end;
            }
            _ if !(inside || after_dot) => match values.use_at(&tokens, i, &chain) {
                Some((use_edits, end)) => {
                    edits.extend(use_edits);
                    i = end;
                }
                None => i += 1,
            },
            _ => i += 1,
        }
    }
    tokens::apply(tokens, edits)
}

/// The declarations replacing one block, the renames of its members' chains, and the
/// chains that name a struct value (`v`, `vs.a`) with their struct type.
fn flatten(
    tokens: &[Token],
    item: &items::Item,
    names: &Names,
    constants: &Constants,
) -> Option<(Edit, Vec<Rename>, Vec<Rename>)> {
    let q = items::qualifiers(tokens, item.range.clone());
    let direction = ["in", "out"].into_iter().find(|w| q.has(w))?;
    let known = |w: &str| w == direction || INTERPOLATION.contains(&w);
    if !q.words.iter().all(|(w, _)| known(w)) {
        return None;
    }
    // `out struct [S] { ... } v;`: naga reads no struct-typed inputs or outputs declared so,
    // so the members always become variables; the struct type `S`, when named and used
    // elsewhere, stays.
    let structure = tokens.get(q.type_start)?.is_ident("struct");
    let (open, close, instance) = match declared_struct(tokens, &q, item) {
        Some(named) => named,
        None => {
            let open = match (structure, tokens.get(q.type_start + 1)) {
                (true, Some(t)) if t.kind == TokenKind::Ident => q.type_start + 2,
                _ => q.type_start + 1,
            };
            if !tokens.get(open)?.is_punct("{") {
                return None;
            }
            let close = items::matching_close(tokens, open, item.range.end)?;
            let instance = match tokens.get(close + 1)? {
                t if t.kind == TokenKind::Ident => {
                    if !tokens.get(close + 2)?.is_punct(";") {
                        return None; // an arrayed block
                    }
                    Some(t.text.clone())
                }
                t if t.is_punct(";") => None,
                _ => return None,
            };
            (open, close, instance)
        }
    };
    let declared_elsewhere = !item.range.contains(&open);
    let block_words: Vec<&Token> = q
        .words
        .iter()
        .filter(|(w, _)| *w != direction)
        .map(|(_, i)| &tokens[*i])
        .collect();
    let members = read_members(tokens, open, close, constants, &[], 0)?;
    let interpolated = !block_words.is_empty() || members.iter().any(|m| !m.qualifiers.is_empty());
    let laid_out = members
        .iter()
        .any(|m| m.locations > 1 || m.location.is_some() || !m.outer.is_empty());
    // `out gl_PerVertex { ... };` redeclares built-ins: other rewrites handle it.
    let builtin = members.iter().any(|m| m.name.text.starts_with("gl_"));
    if !(interpolated || (structure && !declared_elsewhere) || laid_out)
        || builtin
        || members.is_empty()
        || (structure && instance.is_none())
    {
        return None;
    }
    let mut location = q.layout_int("location");
    let mut out = Vec::new();
    let type_name = &tokens[q.type_start + 1];
    let named_elsewhere = open == q.type_start + 2
        && !declared_elsewhere
        && tokens
            .iter()
            .enumerate()
            .any(|(i, t)| t.is_ident(&type_name.text) && !item.range.contains(&i));
    if named_elsewhere {
        // The named struct type, for other uses of `S` (the user's tokens, minus qualifiers).
        out.extend_from_slice(&tokens[q.type_start..=close]);
        out.extend(gen(";", tokens[close].loc));
    }
    let mut renames = Vec::new();
    // Struct values: the variable itself when its type has a name, and nested members.
    let struct_type = if declared_elsewhere {
        Some(tokens[q.type_start].text.clone())
    } else {
        (structure && open == q.type_start + 2).then(|| type_name.text.clone())
    };
    let head: Vec<String> = instance.iter().cloned().collect();
    let mut wholes: Vec<Rename> = Vec::new();
    if let (Some(ty), false) = (&struct_type, head.is_empty()) {
        wholes.push((head.clone(), ty.clone()));
    }
    for member in &members {
        for k in 0..member.outer.len() {
            let mut chain = head.clone();
            chain.extend(member.outer[..=k].iter().map(|(n, _)| n.text.clone()));
            if !wholes.iter().any(|(c, _)| *c == chain) {
                wholes.push((chain, member.outer[k].1.text.clone()));
            }
        }
    }
    for member in &members {
        let loc = member.name.loc;
        if let Some(own) = member.location {
            location = Some(own);
        }
        if let Some(l) = location {
            out.extend(gen(&format!("layout ( location = {l} )"), loc));
            location = Some(l + member.locations);
        }
        out.extend(block_words.iter().map(|t| renamed(t, &t.text)));
        out.extend(member.qualifiers.iter().map(|t| (*t).clone()));
        out.extend(gen(direction, loc));
        out.push(member.ty.clone());
        let path = member.path();
        let name = match &instance {
            Some(inst) => {
                let fresh = names.fresh(&format!("{inst}_{}", path.join("_")));
                let mut chain = vec![inst.clone()];
                chain.extend(path);
                renames.push((chain, fresh.clone()));
                fresh
            }
            None if path.len() == 1 => member.name.text.clone(),
            None => {
                let fresh = names.fresh(&path.join("_"));
                renames.push((path, fresh.clone()));
                fresh
            }
        };
        out.push(renamed(member.name, &name));
        out.extend(member.array.iter().cloned());
        out.extend(gen(";", loc));
    }
    Some((Edit::replace(item.range.clone(), out), renames, wholes))
}

/// `out S v;` where `struct S { ... }` is declared before: the braces of its body, and the
/// instance name.
fn declared_struct(
    tokens: &[Token],
    q: &items::Qualifiers,
    item: &items::Item,
) -> Option<(usize, usize, Option<String>)> {
    let ty = tokens.get(q.type_start)?;
    let instance = tokens.get(q.type_start + 1)?;
    let single = instance.kind == TokenKind::Ident
        && q.type_start + 3 == item.range.end
        && tokens.get(q.type_start + 2)?.is_punct(";");
    if ty.kind != TokenKind::Ident || !single {
        return None;
    }
    let at = (0..item.range.start).find(|&i| {
        tokens[i].is_ident("struct")
            && tokens.get(i + 1).is_some_and(|n| n.text == ty.text)
            && tokens.get(i + 2).is_some_and(|o| o.is_punct("{"))
    })?;
    let close = items::matching_close(tokens, at + 2, item.range.start)?;
    Some((at + 2, close, Some(instance.text.clone())))
}

/// The most struct levels expanded inside a block.
const MAX_DEPTH: usize = 8;

/// The members between the braces at `open` and `close`, members of struct type expanded
/// into theirs (`outer` names the members they are inside).
fn read_members<'t>(
    tokens: &'t [Token],
    open: usize,
    close: usize,
    constants: &Constants,
    outer: &[(&'t Token, &'t Token)],
    depth: usize,
) -> Option<Vec<Member<'t>>> {
    let mut members = Vec::new();
    let mut start = open + 1;
    for end in open + 1..close {
        if tokens[end].is_punct(";") {
            members.extend(read_member(tokens, start..end, constants, outer, depth)?);
            start = end + 1;
        }
    }
    Some(members)
}

/// The braces of `struct name { ... }` declared before `before`.
fn struct_body(tokens: &[Token], name: &str, before: usize) -> Option<(usize, usize)> {
    let at = (0..before).find(|&i| {
        tokens[i].is_ident("struct")
            && tokens.get(i + 1).is_some_and(|n| n.text == name)
            && tokens.get(i + 2).is_some_and(|o| o.is_punct("{"))
    })?;
    Some((at + 2, items::matching_close(tokens, at + 2, before)?))
}

/// The declarators of one member declaration `layout(location = N) quals T a, b[2]` (no
/// `;`; the layout only with a location and nothing else). A member of a struct type
/// declared before, not an array, is its struct's members, each with the member's
/// qualifiers; the first takes the member's own location.
fn read_member<'t>(
    tokens: &'t [Token],
    range: std::ops::Range<usize>,
    constants: &Constants,
    outer: &[(&'t Token, &'t Token)],
    depth: usize,
) -> Option<Vec<Member<'t>>> {
    let mut i = range.start;
    let mut location = None;
    if tokens[i].is_ident("layout") {
        let close = items::matching_close(tokens, i + 1, range.end)?;
        let q = items::qualifiers(tokens, i..close + 1);
        location = Some(q.layout_int("location")?);
        if q.layouts.iter().map(|g| g.entries.len()).sum::<usize>() != 1 {
            return None; // `component` or another qualifier with it
        }
        i = close + 1;
    }
    let mut qualifiers = Vec::new();
    while i < range.end && INTERPOLATION.contains(&tokens[i].text.as_str()) {
        qualifiers.push(&tokens[i]);
        i += 1;
    }
    let ty = tokens
        .get(i)
        .filter(|t| t.kind == TokenKind::Ident && i < range.end)?;
    if !is_basic(&ty.text) {
        // A member of struct type: its struct's members, one declarator at a time.
        let (open, close) = struct_body(tokens, &ty.text, range.start)?;
        if depth >= MAX_DEPTH || tokens.get(i + 1)?.is_punct("[") {
            return None;
        }
        let mut members = Vec::new();
        let mut j = i + 1;
        while j < range.end {
            let name = tokens.get(j).filter(|t| t.kind == TokenKind::Ident)?;
            if tokens.get(j + 1).is_some_and(|t| t.is_punct("[")) {
                return None; // an array of structs
            }
            let mut path = outer.to_vec();
            path.push((name, ty));
            let mut inner = read_members(tokens, open, close, constants, &path, depth + 1)?;
            if let Some(first) = inner.first_mut() {
                first.location = first.location.or(location.take());
            }
            for member in &mut inner {
                let mut all = qualifiers.clone();
                all.extend(member.qualifiers.iter().copied());
                member.qualifiers = all;
            }
            members.extend(inner);
            if j + 1 < range.end && !tokens[j + 1].is_punct(",") {
                return None;
            }
            j += 2;
        }
        return Some(members);
    }
    if tokens.get(i + 1)?.is_punct("[") {
        return None;
    }
    let per_element = match ty
        .text
        .strip_prefix("mat")
        .or_else(|| ty.text.strip_prefix("dmat"))
    {
        Some(dims) => dims.chars().next()?.to_digit(10)?,
        None => 1,
    };
    let mut members = Vec::new();
    let mut j = i + 1;
    while j < range.end {
        let name = &tokens[j];
        if name.kind != TokenKind::Ident {
            return None;
        }
        let mut end = j + 1;
        let mut count = 1;
        if tokens.get(end).is_some_and(|t| t.is_punct("[")) {
            let close = items::matching_close(tokens, end, range.end)?;
            count = constants.array_len(&tokens[end + 1..close])?;
            end = close + 1;
        }
        members.push(Member {
            // A location names the first declarator; the others follow it.
            location: location.take(),
            qualifiers: qualifiers.clone(),
            ty,
            name,
            array: &tokens[j + 1..end],
            locations: per_element * count,
            outer: outer.to_vec(),
        });
        if end < range.end && !tokens[end].is_punct(",") {
            return None;
        }
        j = end + 1;
    }
    Some(members)
}

/// A scalar, vector or matrix type name: one location per element or matrix column.
fn is_basic(ty: &str) -> bool {
    let shaped = |prefix: &str| {
        ty.strip_prefix(prefix)
            .is_some_and(|rest| matches!(rest, "2" | "3" | "4"))
    };
    matches!(ty, "float" | "int" | "uint" | "bool")
        || ["vec", "ivec", "uvec", "bvec"].iter().any(|p| shaped(p))
        || ty.strip_prefix("mat").is_some_and(|rest| {
            matches!(
                rest,
                "2" | "3"
                    | "4"
                    | "2x2"
                    | "2x3"
                    | "2x4"
                    | "3x2"
                    | "3x3"
                    | "3x4"
                    | "4x2"
                    | "4x3"
                    | "4x4"
            )
        })
}

/// Inputs and outputs (blocks, struct variables) with a member of struct type that takes
/// more than one location: `E-UNSUPPORTED` at the member (see the module docs).
pub(super) fn refuse_nested_locations(tokens: &[Token]) -> Result<(), Vec<Diagnostic>> {
    if !tokens.iter().any(|t| t.is_ident("struct")) {
        return Ok(());
    }
    let Ok(items) = items::split_items(tokens) else {
        return Ok(());
    };
    let types = Types::of(tokens);
    let mut errors = Vec::new();
    for item in items.iter().filter(|i| i.kind == ItemKind::Declaration) {
        let q = items::qualifiers(tokens, item.range.clone());
        if !(q.has("in") || q.has("out")) {
            continue;
        }
        let Some(ty) = tokens.get(q.type_start) else {
            continue;
        };
        if let Some(list) = types.structs.get(&ty.text) {
            // `out S v;`: the members of `S`, reported at `v`.
            let at = tokens[q.type_start..item.range.end]
                .iter()
                .rev()
                .find(|t| t.kind == TokenKind::Ident)
                .unwrap_or(ty);
            for (_, d) in list {
                if types.structs.contains_key(&d.ty) {
                    errors.extend(nested(&types, at, &d.ty, d.array));
                }
            }
            continue;
        }
        // A block (or a struct declared in place): its member declarators of struct type.
        let open = (q.type_start..item.range.end).find(|&i| tokens[i].is_punct("{"));
        let Some((open, close)) =
            open.and_then(|o| Some((o, items::matching_close(tokens, o, item.range.end)?)))
        else {
            continue;
        };
        for k in open + 2..close {
            let (ty, name, after) = (&tokens[k - 1], &tokens[k], tokens.get(k + 1));
            let declarator = name.kind == TokenKind::Ident
                && types.structs.contains_key(&ty.text)
                && after.is_some_and(|a| a.is_punct(";") || a.is_punct("[") || a.is_punct(","));
            if declarator {
                let array = after.is_some_and(|a| a.is_punct("["));
                errors.extend(nested(&types, name, &ty.text, array));
            }
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// The error for a member of struct type `ty` (an array of them when `array`) at `at`, when
/// it takes more than one location.
fn nested(types: &Types, at: &Token, ty: &str, array: bool) -> Option<Diagnostic> {
    let count = locations(types, ty, 0);
    if !array && count == Some(1) {
        return None;
    }
    let what = if array {
        format!("an array of struct `{ty}`")
    } else {
        format!("a member of struct type `{ty}` that takes more than one location")
    };
    Some(error_at(
        "E-UNSUPPORTED",
        format!("not supported by prism: an input or output holding {what}"),
        at.loc,
        "naga numbers such a member as one location, so the next one would collide with it; declare its members directly",
    ))
}

/// How many locations a value of type `ty` takes (`None`: not known here).
fn locations(types: &Types, ty: &str, depth: u32) -> Option<u32> {
    if is_basic(ty) {
        let columns = ty
            .strip_prefix("mat")
            .and_then(|d| d.chars().next()?.to_digit(10));
        return Some(columns.unwrap_or(1));
    }
    if depth > 8 {
        return None;
    }
    let mut total = 0;
    for (name, d) in types.structs.get(ty)? {
        let each = locations(types, &d.ty, depth + 1)?;
        let count = if d.array { types.len(ty, name)? } else { 1 };
        total += each * count;
    }
    Some(total)
}
