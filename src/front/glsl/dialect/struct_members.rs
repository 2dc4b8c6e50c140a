//! `mat2`, `mat3x2` and `mat4x2` members of structs, which naga refuses in every struct (its
//! GLSL reader lays every struct out by std140 rules, where `matCx2` is gfx-rs/wgpu#4375).
//!
//! The member is declared `matCx4` instead: in std140 a `matCx2` is `C` columns of 16 bytes,
//! exactly a `matCx4`'s layout, so a uniform's buffer does not change. Each use of the member
//! is rewritten where it is read or written, found by the type of the expression before the
//! `.` ([`exprs::type_of`]):
//! - a read `s.m` becomes `mat2(s.m)` (`m[i]` reads `mat2(s.m)[i]`);
//! - an element `s.m[i][j]` stays: it is the same element of the wider matrix;
//! - `s.m = X;` becomes `s.m = mat2x4(X);` and `s.m[i] = v;` becomes
//!   `s.m[i] = vec4(v, 0.0, 0.0);`;
//! - a constructor `S(..., X, ...)` gets `mat2x4(X)` at the member's position.
//!
//! `bool` / `bvecN` members of a struct that a uniform holds (directly, in a block, or nested)
//! are not host-shareable: they are declared `uint` / `uvecN` the same way, read back through
//! `bool(s.b)` / `bvecN(s.b)`, and written and constructed through `uint(X)` / `uvecN(X)`.
//!
//! A struct a uniform holds whose members are all scalars, `vec2`s and such structs is
//! aligned by naga's GLSL reader to its widest member, not rounded up to 16 bytes as std140
//! says, so it and the member after it land too early (and naga's validator refuses the
//! block): `float` members `prism_pad0`, ... go before it in the block or struct that holds
//! it and at its own end ([`std140`](super::std140)), and each constructor of a padded
//! struct gets `0.0` arguments for them. The host's buffer does not change. A struct that a
//! storage block holds too is left alone (std430 does not round structs).
//!
//! - a compound assignment `s.m *= r;` becomes `s.m = mat2x4(mat2(s.m) * (r));`, and
//!   `s.m[i] += v;` becomes `s.m[i] = vec4(mat2(s.m)[i] + (v), 0.0, 0.0);`.
//!
//! In structs only std430 blocks hold: columns ([`struct_columns`](super::struct_columns)).
//!
//! Arrays of such matrices (`mat2 m[2]`) and arrays of such structs are covered the same way,
//! an element at a time. Not covered: an array of them passed whole; naga's type error is
//! then reported on the user's line.
//!
//! Trap: the type table has no scopes; a name declared with two types is not typed, so its
//! uses stay as written and naga reports them.

use std::collections::{HashMap, HashSet};

use super::block_layout::{packing, Packing};
use super::exprs::{self, matrix};
use super::items::{self, ItemKind};
use super::std140::{Layouts, Pad};
use super::struct_columns::{column_structs, column_use, operand_end, Columns, COMPOUND};
use super::tokens::{self, gen, renamed, Edit};
use super::types::held_structs;
use super::types::Types;
use crate::diagnostic::{error_at, Diagnostic};
use crate::front::glsl::preprocess::{Token, TokenKind};

/// The wider type of a `matCx2` (`None` for any other type).
fn widened(ty: &str) -> Option<String> {
    match matrix(ty) {
        Some((c, 2)) => Some(format!("mat{c}x4")),
        _ => None,
    }
}

/// The host-shareable type a boolean member is stored as.
fn bool_storage(ty: &str) -> Option<String> {
    match ty {
        "bool" => Some("uint".to_string()),
        "bvec2" | "bvec3" | "bvec4" => Some(format!("u{}", &ty[1..])),
        _ => None,
    }
}

/// The rewrite of the module docs.
pub(super) fn widen_struct_members(tokens: Vec<Token>) -> Result<Vec<Token>, Vec<Diagnostic>> {
    if !tokens.iter().any(|t| t.is_ident("struct")) {
        return Ok(tokens);
    }
    let types = Types::of(&tokens);
    let uniform = held_structs(&tokens, &types, |q| q.has("uniform"));
    let column_structs = column_structs(&tokens, &types);
    let mut members: Members = HashMap::new();
    for (s, list) in &types.structs {
        let std430 = column_structs.contains(s);
        for (name, declared) in list {
            let bools = bool_storage(&declared.ty).filter(|_| uniform.contains(s));
            let columns = matrix(&declared.ty)
                .filter(|&(_, rows)| std430 && rows == 2)
                .map(|(c, _)| c);
            if let Some(wide) = widened(&declared.ty).or(bools) {
                let key = (s.clone(), name.clone());
                let stored = Stored {
                    declared: declared.ty.clone(),
                    wide,
                    array: declared.array,
                    columns,
                };
                members.insert(key, stored);
            }
        }
    }
    let layouts = Layouts::of(&tokens);
    let std140 = std140_pads(&tokens, &types, &layouts, &uniform);
    if members.is_empty() && std140.is_empty() {
        return Ok(tokens);
    }
    let names = tokens::Names::of(&tokens);
    let mut edits = std140.edits(&tokens);
    let mut errors = Vec::new();
    let user_functions = items::split_items(&tokens)
        .unwrap_or_default()
        .into_iter()
        .filter_map(|item| match item.kind {
            ItemKind::Function { name, .. } => Some(name),
            ItemKind::Declaration => None,
        })
        .collect();
    let mut columns = Columns {
        names: &names,
        user_functions,
        errors: Vec::new(),
    };
    for (i, t) in tokens.iter().enumerate() {
        if t.is_ident("struct") {
            match widen_declaration(&tokens, i, &members) {
                Ok(declaration) => edits.extend(declaration),
                Err(e) => errors.push(e),
            }
        } else if t.is_punct(".") {
            edits.extend(member_use(&tokens, &types, &members, i, &mut columns));
        } else if t.kind == TokenKind::Ident
            && tokens.get(i + 1).is_some_and(|n| n.is_punct("("))
            && !(i > 0 && tokens[i - 1].is_ident("struct"))
        {
            edits.extend(constructor(&tokens, &types, (&members, &std140), i));
        }
    }
    errors.append(&mut columns.errors);
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(tokens::apply(tokens, edits))
}

/// How a member is stored.
struct Stored {
    /// Its type as declared.
    declared: String,
    /// The type it is declared as instead (`matCx4`, `uint`, ...).
    wide: String,
    /// Whether the member is an array.
    array: bool,
    /// A `matCx2` of a struct only std430 blocks hold: its column count; it is stored as
    /// `vec2 m[C]` instead of `wide`.
    columns: Option<usize>,
}

/// (struct, member) → how it is stored.
type Members = HashMap<(String, String), Stored>;

/// The member types of the struct declared at `at`, widened (or as columns).
fn widen_declaration(
    tokens: &[Token],
    at: usize,
    members: &Members,
) -> Result<Vec<Edit>, Diagnostic> {
    let Some(name) = tokens.get(at + 1) else {
        return Ok(Vec::new());
    };
    if !tokens.get(at + 2).is_some_and(|t| t.is_punct("{")) {
        return Ok(Vec::new());
    }
    let Some(close) = items::matching_close(tokens, at + 2, tokens.len()) else {
        return Ok(Vec::new());
    };
    let mut edits = Vec::new();
    for k in at + 3..close {
        let prev = &tokens[k - 1];
        let starts = prev.is_punct("{")
            || prev.is_punct(";")
            || items::PRECISIONS.contains(&prev.text.as_str());
        let Some(member) = tokens.get(k + 1).filter(|_| starts) else {
            continue;
        };
        let Some(stored) = members.get(&(name.text.clone(), member.text.clone())) else {
            continue;
        };
        let Some(c) = stored.columns else {
            edits.push(Edit::replace(
                k..k + 1,
                vec![renamed(&tokens[k], &stored.wide)],
            ));
            continue;
        };
        // `mat2 a, b;` is `vec2 a [ 2 ] , b [ 2 ] ;`.
        let end = (k..close)
            .find(|&j| tokens[j].is_punct(";"))
            .unwrap_or(close);
        edits.push(Edit::replace(k..k + 1, vec![renamed(&tokens[k], "vec2")]));
        for j in k + 1..end {
            if tokens[j].kind != TokenKind::Ident || !(tokens[j - 1].is_punct(",") || j == k + 1) {
                continue;
            }
            if tokens.get(j + 1).is_some_and(|t| t.is_punct("[")) {
                return Err(error_at(
                    "E-UNSUPPORTED",
                    format!(
                        "not supported by prism: `{}`, an array of `{}`, in a struct that a std430 block holds",
                        tokens[j].text, stored.declared
                    ),
                    tokens[j].loc,
                    "std430 stores its columns 8 bytes apart, which naga's reader cannot declare here",
                ));
            }
            edits.push(Edit::insert(j + 1, gen(&format!("[ {c} ]"), tokens[j].loc)));
        }
    }
    Ok(edits)
}

/// The `float` padding that gives naga std140 offsets ([`std140`](super::std140)), in the
/// structs that uniforms hold (and no storage block: std430 does not round structs) and in
/// uniform blocks.
#[derive(Default)]
struct Std140Pads {
    /// Where they go and how many.
    pads: Vec<Pad>,
    /// Struct → member index (the member count: at the end) → how many before it, for
    /// the struct's constructors.
    structs: HashMap<String, HashMap<usize, u32>>,
}

impl Std140Pads {
    fn is_empty(&self) -> bool {
        self.pads.is_empty()
    }

    /// The padding members, named apart from every name of the shader (members of
    /// anonymous blocks are globals).
    fn edits(&self, tokens: &[Token]) -> Vec<Edit> {
        let names = tokens::Names::of(tokens);
        let mut n = 0;
        let mut edits = Vec::new();
        for pad in &self.pads {
            let loc = tokens[pad.at.min(tokens.len() - 1)].loc;
            let mut insert = Vec::new();
            if pad.split.is_some() {
                insert.extend(gen(";", loc));
            }
            for _ in 0..pad.count {
                let name = names.fresh(&format!("prism_pad{n}"));
                n += 1;
                insert.extend(gen(&format!("float {name} ;"), loc));
            }
            match &pad.split {
                Some(ty) => {
                    insert.extend(gen(ty, loc));
                    edits.push(Edit::replace(pad.at..pad.at + 1, insert));
                }
                None => edits.push(Edit::insert(pad.at, insert)),
            }
        }
        edits
    }
}

fn std140_pads(
    tokens: &[Token],
    types: &Types,
    layouts: &Layouts,
    uniform: &HashSet<String>,
) -> Std140Pads {
    // std430 rounds no struct: storage blocks, push constants, `layout(std430)` uniforms.
    let std430 = |q: &items::Qualifiers| packing(q) == Packing::Std430;
    let storage = held_structs(tokens, types, |q| q.has("buffer") || std430(q));
    let mut out = Std140Pads::default();
    let items = items::split_items(tokens).unwrap_or_default();
    // Uniform blocks' bodies, and the structs a uniform holds other than in an array: only
    // their size matters (an array's stride is rounded to 16 anyway).
    let mut blocks = Vec::new();
    let mut single: HashSet<String> = HashSet::new();
    for item in items.iter().filter(|i| i.kind == ItemKind::Declaration) {
        let q = items::qualifiers(tokens, item.range.clone());
        if !q.has("uniform") || std430(&q) {
            continue;
        }
        let open = q.type_start + 1;
        if q.opens_block(tokens) {
            if let Some(close) = items::matching_close(tokens, open, item.range.end) {
                blocks.push(open + 1..close);
            }
        } else if let Some(ty) = tokens.get(q.type_start) {
            if items::declarators(tokens, open, item.range.end)
                .iter()
                .any(|(_, array)| array.is_none())
            {
                single.insert(ty.text.clone());
            }
        }
    }
    let mut bodies = Vec::new();
    for (i, t) in tokens.iter().enumerate() {
        let Some(name) = tokens.get(i + 1).filter(|_| t.is_ident("struct")) else {
            continue;
        };
        if !uniform.contains(&name.text) || storage.contains(&name.text) {
            continue;
        }
        if !tokens.get(i + 2).is_some_and(|n| n.is_punct("{")) {
            continue;
        }
        if let Some(close) = items::matching_close(tokens, i + 2, tokens.len()) {
            bodies.push((name.text.clone(), i + 3..close));
        }
    }
    for body in blocks.iter().chain(bodies.iter().map(|(_, b)| b)) {
        let members = layouts.members(body.clone());
        single.extend(
            members
                .into_iter()
                .filter(|m| m.len.is_none())
                .map(|m| m.ty),
        );
    }
    for (name, body) in bodies {
        let sized = single.contains(&name).then_some(name.as_str());
        let pads = layouts.pads(body.clone(), sized);
        if pads.is_empty() {
            continue;
        }
        let members = layouts.members(body);
        let mut before = HashMap::new();
        for pad in &pads {
            let k = members
                .iter()
                .position(|m| m.comma.unwrap_or(m.start) == pad.at)
                .unwrap_or(members.len());
            before.insert(k, pad.count);
        }
        out.structs.insert(name, before);
        out.pads.extend(pads);
    }
    for body in blocks {
        out.pads.extend(layouts.pads(body, None));
    }
    out
}

/// Start of the expression whose member is selected by the `.` at `dot`: names, calls,
/// parentheses, `.member` and `[index]` suffixes.
pub(super) fn base_start(tokens: &[Token], dot: usize) -> Option<usize> {
    let mut j = dot;
    loop {
        let last = tokens.get(j.checked_sub(1)?)?;
        if last.is_punct("]") || last.is_punct(")") {
            j = items::matching_open(tokens, j - 1, 0)?;
            if last.is_punct(")") && !(j > 0 && tokens[j - 1].kind == TokenKind::Ident) {
                return Some(j); // a parenthesized expression
            }
        } else if last.kind == TokenKind::Ident {
            if j >= 2 && tokens[j - 2].is_punct(".") {
                j -= 2;
            } else {
                return Some(j - 1);
            }
        } else {
            return None;
        }
    }
}

/// A use of a widened member, selected by the `.` at `dot`.
fn member_use(
    tokens: &[Token],
    types: &Types,
    members: &Members,
    dot: usize,
    columns: &mut Columns,
) -> Vec<Edit> {
    let Some(member) = tokens.get(dot + 1).filter(|t| t.kind == TokenKind::Ident) else {
        return Vec::new();
    };
    let Some(start) = base_start(tokens, dot) else {
        return Vec::new();
    };
    let Some(base) = exprs::type_of(types, tokens, start..dot).filter(|b| !b.array) else {
        return Vec::new();
    };
    let Some(stored) = members.get(&(base.ty, member.text.clone())) else {
        return Vec::new();
    };
    if let Some(c) = stored.columns {
        let member = (stored.declared.as_str(), c);
        return column_use(tokens, (start, dot + 2), member, columns);
    }
    let (ty, wide, array) = (&stored.declared, &stored.wide, &stored.array);
    let matrix = widened(ty).is_some();
    let loc = member.loc;
    let mut end = dot + 2;
    if *array {
        match tokens.get(end) {
            Some(t) if t.is_punct("[") => match items::matching_close(tokens, end, tokens.len()) {
                Some(close) => end = close + 1,
                None => return Vec::new(),
            },
            _ => return Vec::new(), // the whole array: not covered
        }
    }
    let next = tokens.get(end);
    if next.is_some_and(|t| t.is_punct("[")) && !matrix {
        // One component of a `bvecN`: read through `bvecN(s.b)[i]`, written as a `uint`.
        let Some(close) = items::matching_close(tokens, end, tokens.len()) else {
            return Vec::new();
        };
        if tokens.get(close + 1).is_some_and(|t| t.is_punct("=")) {
            let Some(stop) = operand_end(tokens, close + 2) else {
                return Vec::new();
            };
            return vec![
                Edit::insert(close + 2, gen("uint (", loc)),
                Edit::insert(stop, gen(")", loc)),
            ];
        }
        if tokens
            .get(close + 1)
            .is_some_and(|t| COMPOUND.contains(&t.text.as_str()))
        {
            return Vec::new();
        }
    } else if next.is_some_and(|t| t.is_punct("[")) {
        let Some(close) = items::matching_close(tokens, end, tokens.len()) else {
            return Vec::new();
        };
        let after = tokens.get(close + 1);
        if after.is_some_and(|t| t.is_punct("[")) {
            return Vec::new(); // one element: the same in the wider matrix
        }
        if after.is_some_and(|t| t.is_punct("=")) {
            let Some(stop) = operand_end(tokens, close + 2) else {
                return Vec::new();
            };
            return vec![
                Edit::insert(close + 2, gen("vec4 (", loc)),
                Edit::insert(stop, gen(", 0.0 , 0.0 )", loc)),
            ];
        }
        if after.is_some_and(|t| COMPOUND.contains(&t.text.as_str())) {
            // `s.m[i] += v` is `s.m[i] = vec4(mat2(s.m)[i] + (v), 0.0, 0.0)`.
            let Some(stop) = operand_end(tokens, close + 2) else {
                return Vec::new();
            };
            let op = &tokens[close + 1].text;
            let mut insert = gen(&format!("= vec4 ( {ty} ("), loc);
            insert.extend(tokens[start..end].iter().cloned());
            insert.extend(gen(")", loc));
            insert.extend(tokens[end..close + 1].iter().cloned());
            insert.extend(gen(&format!("{} (", &op[..op.len() - 1]), loc));
            return vec![
                Edit::replace(close + 1..close + 2, insert),
                Edit::insert(stop, gen(") , 0.0 , 0.0 )", loc)),
            ];
        }
    } else if next.is_some_and(|t| t.is_punct("=")) {
        let Some(stop) = operand_end(tokens, end + 1) else {
            return Vec::new();
        };
        return vec![
            Edit::insert(end + 1, gen(&format!("{wide} ("), loc)),
            Edit::insert(stop, gen(")", loc)),
        ];
    } else if let Some(op) = next.filter(|t| COMPOUND.contains(&t.text.as_str())) {
        // `s.m *= r` is `s.m = mat2x4(mat2(s.m) * (r))`; `bool`s have no compound
        // assignments.
        let Some(stop) = operand_end(tokens, end + 1).filter(|_| matrix) else {
            return Vec::new();
        };
        let binary = &op.text[..op.text.len() - 1];
        let mut insert = gen(&format!("= {wide} ( {ty} ("), loc);
        insert.extend(tokens[start..end].iter().cloned());
        insert.extend(gen(&format!(") {binary} ("), loc));
        return vec![
            Edit::replace(end..end + 1, insert),
            Edit::insert(stop, gen(") )", loc)),
        ];
    }
    vec![
        Edit::insert(start, gen(&format!("{ty} ("), loc)),
        Edit::insert(end, gen(")", loc)),
    ]
}

/// `S(...)` of a struct with widened members: those arguments widened.
fn constructor(
    tokens: &[Token],
    types: &Types,
    (members, std140): (&Members, &Std140Pads),
    at: usize,
) -> Vec<Edit> {
    let name = &tokens[at].text;
    let Some(list) = types.structs.get(name) else {
        return Vec::new();
    };
    let Some(close) = items::matching_close(tokens, at + 1, tokens.len()) else {
        return Vec::new();
    };
    let mut args = Vec::new();
    let mut start = at + 2;
    let mut k = start;
    while k < close {
        if tokens[k].is_punct("(") || tokens[k].is_punct("[") {
            match items::matching_close(tokens, k, close) {
                Some(c) => k = c,
                None => return Vec::new(),
            }
        } else if tokens[k].is_punct(",") {
            args.push(start..k);
            start = k + 1;
        }
        k += 1;
    }
    args.push(start..close);
    if args.len() != list.len() {
        return Vec::new();
    }
    let loc = tokens[at].loc;
    let mut edits = Vec::new();
    let pads = std140.structs.get(name.as_str());
    let zeros = |k: usize| {
        let count = pads.and_then(|p| p.get(&k)).copied().unwrap_or(0);
        gen(&", 0.0".repeat(count as usize), loc)
    };
    for (k, (arg, (member, declared))) in args.iter().zip(list).enumerate() {
        if k > 0 {
            edits.push(Edit::insert(arg.start - 1, zeros(k)));
        } else if let Some(mut first) = Some(zeros(0)).filter(|z| !z.is_empty()) {
            // `0.0 , 0.0 ,` before the first argument.
            first.remove(0);
            first.extend(gen(",", loc));
            edits.push(Edit::insert(arg.start, first));
        }
        let stored = members.get(&(name.clone(), member.clone()));
        // Structs that store columns are built by `struct_arrays`' makers.
        let stored = stored.filter(|s| s.columns.is_none());
        if let (false, Some(stored)) = (declared.array, stored) {
            edits.push(Edit::insert(
                arg.start,
                gen(&format!("{} (", stored.wide), loc),
            ));
            edits.push(Edit::insert(arg.end, gen(")", loc)));
        }
    }
    edits.push(Edit::insert(close, zeros(list.len())));
    edits
}
