//! Array members of structs whose elements are scalars, `vec2`s or `vec3`s, which naga's
//! GLSL reader types differently from the same array outside a struct: it lays every struct
//! out by std140 rules, so `float w[3]` in a struct has a 16-byte stride and `float ws[3]` in
//! a function a 4-byte one, and naga refuses to move one into the other (`K(ws)`,
//! `float ws[3] = k.w;`, `k.w = ws;`, `sum(k.w)`).
//!
//! - a constructor `K(...)` becomes a call of a generated `K prism_make_K(...)` that fills a
//!   `K` member by member and element by element, declared right after the struct;
//! - a whole-array read `k.w` becomes `float[3](k.w[0], k.w[1], k.w[2])`, an array of the
//!   function kind, where `k` is a name with `.member` / `[literal]` suffixes;
//! - `k.w = ws;` becomes `k.w[0] = ws[0], k.w[1] = ws[1], k.w[2] = ws[2];` when `ws` is a name;
//!   `k.w = EXPR;` (a constructor, a call, another struct's member) becomes
//!   `{ float prism_array[3] = EXPR; k.w[0] = prism_array[0]; ... }` where it is a statement.
//!
//! Array lengths are literals or `const int` names ([`std140`](super::std140)); naga's type
//! error stays for the rest.
//! Runs before `struct_members`, which converts the members it stores differently inside
//! the generated functions too.

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;

use super::exprs;
use super::items;
use super::std140::Layouts;
use super::tokens::{self, gen, Edit, Names};
use super::types::Types;
use crate::front::glsl::preprocess::{Token, TokenKind};

/// Element types whose stride in a struct (16) differs from their stride in a function.
fn strided(ty: &str) -> bool {
    matches!(
        ty,
        "float"
            | "int"
            | "uint"
            | "bool"
            | "vec2"
            | "ivec2"
            | "uvec2"
            | "bvec2"
            | "vec3"
            | "ivec3"
            | "uvec3"
            | "bvec3"
    )
}

/// The rewrite of the module docs.
pub(super) fn split_struct_arrays(tokens: Vec<Token>) -> Vec<Token> {
    if !tokens.iter().any(|t| t.is_punct("{")) {
        return tokens;
    }
    let types = Types::of(&tokens);
    let layouts = Layouts::of(&tokens);
    let len = |s: &str, name: &str| types.len(s, name).or_else(|| layouts.member_len(s, name));
    // (struct, member) → (element type, length).
    let mut arrays: HashMap<(String, String), (String, u32)> = HashMap::new();
    for (s, list) in types.structs.iter().chain(&types.blocks) {
        for (name, declared) in list {
            if declared.array && strided(&declared.ty) {
                if let Some(len) = len(s, name) {
                    arrays.insert((s.clone(), name.clone()), (declared.ty.clone(), len));
                }
            }
        }
    }
    // Structs storing `matCx2` members as columns are built by makers too.
    let columns = super::struct_columns::column_structs(&tokens, &types);
    if arrays.is_empty() && columns.is_empty() {
        return tokens;
    }
    let names = Names::of(&tokens);
    let mut makers: BTreeMap<String, String> = BTreeMap::new();
    let mut edits = Vec::new();
    for (i, t) in tokens.iter().enumerate() {
        if t.is_punct(".") {
            edits.extend(whole_member(&tokens, &types, &arrays, i));
        } else if let Some(block) = anonymous_member(&tokens, &types, i) {
            if let Some(array) = arrays.get(&(block.to_string(), t.text.clone())) {
                edits.extend(whole_array(&tokens, i..i + 1, array));
            }
        } else if t.kind == TokenKind::Ident
            && types.structs.contains_key(&t.text)
            && tokens.get(i + 1).is_some_and(|n| n.is_punct("("))
            && (arrays.keys().any(|(s, _)| *s == t.text) || columns.contains(&t.text))
        {
            let maker = makers
                .entry(t.text.clone())
                .or_insert_with(|| names.fresh(&format!("prism_make_{}", t.text)));
            edits.push(Edit::replace(i..i + 1, gen(maker, t.loc)));
        }
    }
    edits.extend(maker_functions(&tokens, (&types, &len), &arrays, &makers));
    tokens::apply(tokens, edits)
}

/// End (exclusive) of the postfix expression from `start` with only literal indices: a name
/// and its `.member` and `[N]` suffixes.
fn plain_postfix_end(tokens: &[Token], start: usize) -> Option<usize> {
    if tokens.get(start)?.kind != TokenKind::Ident {
        return None;
    }
    let mut i = start + 1;
    loop {
        match tokens.get(i) {
            Some(t) if t.is_punct(".") && tokens.get(i + 1)?.kind == TokenKind::Ident => i += 2,
            Some(t) if t.is_punct("[") => {
                let literal = tokens.get(i + 1)?.kind == TokenKind::Int;
                if !(literal && tokens.get(i + 2)?.is_punct("]")) {
                    return None;
                }
                i += 3;
            }
            _ => return Some(i),
        }
    }
}

/// A use of a whole strided array member, selected by the `.` at `dot`.
fn whole_member(
    tokens: &[Token],
    types: &Types,
    arrays: &HashMap<(String, String), (String, u32)>,
    dot: usize,
) -> Vec<Edit> {
    let Some(member) = tokens.get(dot + 1).filter(|t| t.kind == TokenKind::Ident) else {
        return Vec::new();
    };
    let end = dot + 2;
    let next = tokens.get(end);
    if next
        .is_some_and(|t| t.is_punct("[") || t.is_punct(".") || t.is_punct("==") || t.is_punct("!="))
    {
        return Vec::new(); // an element, `.length()`, or a comparison (`typed`'s)
    }
    // The base: the longest plain postfix expression ending at the `.`.
    let Some(start) =
        (dot.saturating_sub(64)..dot).find(|&s| plain_postfix_end(tokens, s) == Some(end))
    else {
        return Vec::new();
    };
    if start > 0 && tokens[start - 1].is_punct(".") {
        return Vec::new();
    }
    let Some(base) = exprs::type_of(types, tokens, start..dot).filter(|b| !b.array) else {
        return Vec::new();
    };
    match arrays.get(&(base.ty, member.text.clone())) {
        Some(array) => whole_array(tokens, start..end, array),
        None => Vec::new(),
    }
}

/// The block of the anonymous block member named by the identifier at `at` when it is a
/// whole-array use: not a declaration, an element, `.length()`, a call or a comparison.
fn anonymous_member<'t>(tokens: &[Token], types: &'t Types, at: usize) -> Option<&'t str> {
    let t = &tokens[at];
    if t.kind != TokenKind::Ident || (at > 0 && tokens[at - 1].is_punct(".")) {
        return None;
    }
    let next = tokens.get(at + 1);
    let whole = !next.is_some_and(|n| ["[", ".", "(", "==", "!="].iter().any(|p| n.is_punct(p)));
    let declared = at > 0 && tokens[at - 1].kind == TokenKind::Ident;
    (whole && !declared)
        .then(|| types.anonymous_member_at(&t.text, at))
        .flatten()
}

/// A use of the whole strided array `tokens[access]` (`k.w`, or an anonymous block's `w`)
/// of `len` elements of type `elem`: a read, or the target of `=`.
fn whole_array(tokens: &[Token], access: Range<usize>, (elem, len): &(String, u32)) -> Vec<Edit> {
    let (start, end) = (access.start, access.end);
    let next = tokens.get(end);
    let loc = tokens[end - 1].loc;
    let access: Vec<Token> = tokens[start..end].to_vec();
    if next.is_some_and(|t| t.is_punct("=")) {
        let source_end = plain_postfix_end(tokens, end + 1);
        let Some(source_end) =
            source_end.filter(|&e| tokens.get(e).is_some_and(|t| t.is_punct(";")))
        else {
            return through_temporary(tokens, start..end, (elem, *len));
        };
        let source = &tokens[end + 1..source_end];
        let mut out = Vec::new();
        for k in 0..*len {
            if k > 0 {
                out.extend(gen(",", loc));
            }
            out.extend(access.iter().cloned());
            out.extend(gen(&format!("[ {k} ] ="), loc));
            out.extend(source.iter().cloned());
            out.extend(gen(&format!("[ {k} ]"), loc));
        }
        return vec![Edit::replace(start..source_end, out)];
    }
    if next.is_some_and(|t| t.kind == TokenKind::Punct && t.text.ends_with('=') && t.text.len() > 1)
    {
        return Vec::new(); // a compound assignment: naga reports it
    }
    let mut out = gen(&format!("{elem} [ {len} ] ("), loc);
    for k in 0..*len {
        if k > 0 {
            out.extend(gen(",", loc));
        }
        out.extend(access.iter().cloned());
        out.extend(gen(&format!("[ {k} ]"), loc));
    }
    out.extend(gen(")", loc));
    vec![Edit::replace(start..end, out)]
}

/// `k.w = EXPR;` where `EXPR` is not a name: `{ float prism_array[3] = EXPR; k.w[0] =
/// prism_array[0], ...; }`, in place when the assignment is a whole statement (edits inside
/// `EXPR` still apply).
fn through_temporary(
    tokens: &[Token],
    access: Range<usize>,
    (elem, len): (&str, u32),
) -> Vec<Edit> {
    let statement = access.start > 0 && {
        let before = &tokens[access.start - 1];
        [";", "{", "}", ")"].iter().any(|p| before.is_punct(p)) || before.is_ident("else")
    };
    if !statement {
        return Vec::new();
    }
    // The `;` ending the statement, with no `,` operator before it.
    let mut k = access.end + 1;
    let semi = loop {
        match tokens.get(k) {
            Some(t) if t.is_punct("(") || t.is_punct("[") || t.is_punct("{") => {
                match items::matching_close(tokens, k, tokens.len()) {
                    Some(close) => k = close + 1,
                    None => return Vec::new(),
                }
            }
            Some(t) if t.is_punct(";") => break k,
            Some(t) if t.is_punct(",") || t.is_punct(")") || t.is_punct("}") => return Vec::new(),
            Some(_) => k += 1,
            None => return Vec::new(),
        }
    };
    let loc = tokens[access.end].loc;
    let temp = Names::of(tokens).fresh("prism_array");
    let head = gen(&format!("{{ {elem} {temp} [ {len} ] ="), loc);
    let mut tail = Vec::new();
    for e in 0..len {
        tail.extend(tokens[access.clone()].iter().cloned());
        tail.extend(gen(&format!("[ {e} ] = {temp} [ {e} ] ;"), loc));
    }
    tail.extend(gen("}", loc));
    vec![
        Edit::replace(access.start..access.end + 1, head),
        Edit::insert(semi + 1, tail),
    ]
}

/// The length of a struct's array member, by (struct, member).
type LenOf<'a> = dyn Fn(&str, &str) -> Option<u32> + 'a;

/// Each `prism_make_S`, right after the declaration of `S`.
fn maker_functions(
    tokens: &[Token],
    (types, len_of): (&Types, &LenOf),
    arrays: &HashMap<(String, String), (String, u32)>,
    makers: &BTreeMap<String, String>,
) -> Vec<Edit> {
    let Ok(items) = items::split_items(tokens) else {
        return Vec::new();
    };
    let mut edits = Vec::new();
    for (ty, maker) in makers {
        let declared = items::struct_declaration(tokens, &items, ty);
        let (Some(item), Some(members)) = (declared, types.structs.get(ty)) else {
            continue;
        };
        let mut params = Vec::new();
        let mut body = vec![format!("{ty} prism_value ;")];
        for (k, (name, declared)) in members.iter().enumerate() {
            let len = if declared.array {
                match len_of(ty, name) {
                    Some(len) => Some(len),
                    None => continue, // not constructible here; naga reports the call
                }
            } else {
                None
            };
            match (len, arrays.contains_key(&(ty.clone(), name.clone()))) {
                (Some(len), true) => {
                    params.push(format!("{} p{k} [ {len} ]", declared.ty));
                    for e in 0..len {
                        body.push(format!("prism_value . {name} [ {e} ] = p{k} [ {e} ] ;"));
                    }
                }
                (Some(len), false) => {
                    params.push(format!("{} p{k} [ {len} ]", declared.ty));
                    body.push(format!("prism_value . {name} = p{k} ;"));
                }
                (None, _) => {
                    params.push(format!("{} p{k}", declared.ty));
                    body.push(format!("prism_value . {name} = p{k} ;"));
                }
            }
        }
        let text = format!(
            "{ty} {maker} ( {} ) {{ {} return prism_value ; }}",
            params.join(" , "),
            body.join(" ")
        );
        let loc = tokens[item.range.end - 1].loc;
        edits.push(Edit::insert(item.range.end, gen(&text, loc)));
    }
    edits
}
