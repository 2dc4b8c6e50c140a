//! A struct that a std140 uniform and a std430 block (storage buffer, push constant) both
//! hold, where the two layouts differ: a std140 twin for the uniforms.
//!
//! naga has one struct type per declaration, laid out by its reader without std140's rule 9
//! (structs aligned and sized to 16); `struct_members` pads the structs uniforms hold to make
//! up for it, but may not pad one a storage block holds too, where std430 rounds nothing.
//! `struct Pair { float a; float b; }` in both would then sit at the wrong offsets in the
//! uniform block, or break naga's validator (a uniform member after an 8-byte struct).
//!
//! So such a struct `S` (and every struct a uniform holds that holds one) gets a twin
//! `struct S_std140 { ... };`, declared right after it with the same members (a member of a
//! twinned type takes the twin), and the std140 uniforms hold the twin; `struct_members`
//! then pads the twin alone. The twin converts back through a generated function declared
//! with it, `S prism_S_from_std140(S_std140 v)`, member by member (element by element for
//! arrays of twinned structs), and every read of a
//! uniform's whole twin value in a function body (`u.light`, `lights[i]` of an anonymous
//! block, a loose `uniform S s;`) goes through it, so functions, locals and constructors
//! still see `S`. Member reads (`u.light.pos`) need nothing.
//!
//! After the parse, [`apply`] gives each twin type its original's name back (glslang names
//! both layouts of a struct alike, and reflection should read the user's name).
//!
//! Refused with `E-UNSUPPORTED`: a whole *array* of a twinned struct read from a uniform
//! (`S all[4] = u.lights;`), and a twinned struct holding an array of twinned structs
//! without a constant length of at most [`MAX_ELEMENTS`]. Traps: names a function declares shadow the uniform's, as
//! [`items::local_names`] reads them; the uniforms are read-only, so no write needs
//! converting.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use super::block_layout::{packing, Declarator, Layout, Packing};
use super::consts::Constants;
use super::exprs::matrix;
use super::items::{self, ItemKind};
use super::tokens::{self, gen, renamed, Edit, Names};
use crate::diagnostic::{error_at, Diagnostic};
use crate::front::glsl::preprocess::{Token, TokenKind};

/// The comment that tells [`apply`] which type is a twin, and of what.
const MARKER: &str = "/*prism-std140-twin";

/// The most elements of an array of twinned structs a converter copies one by one.
const MAX_ELEMENTS: u32 = 64;

/// The twins: original struct name → (twin name, converter name).
type Twins = HashMap<String, (String, String)>;

/// Where a chain of member reads stands: a block's members, a struct's, or anything else;
/// with the array dimensions still to index.
#[derive(Clone, Debug)]
enum Reading {
    Block(Range<usize>, usize),
    Struct(String, usize),
    Other,
}

/// The rewrite of the module docs.
pub(super) fn twin_shared_structs(
    tokens: Vec<Token>,
    names: &Names,
) -> Result<Vec<Token>, Vec<Diagnostic>> {
    if !tokens.iter().any(|t| t.is_ident("struct")) {
        return Ok(tokens);
    }
    let Ok(items) = items::split_items(&tokens) else {
        return Ok(tokens);
    };
    let constants = Constants::of(&tokens);
    let layout = Layout::of(&tokens, &constants);
    let holders = Holders::of(&tokens, &items, &layout);
    let twins = twins(&layout, &holders, names);
    if twins.is_empty() {
        return Ok(tokens);
    }
    let mut edits = Vec::new();
    let mut errors = Vec::new();
    for item in &items {
        let q = items::qualifiers(&tokens, item.range.clone());
        let declared = tokens
            .get(q.type_start + 1)
            .filter(|_| tokens[q.type_start].is_ident("struct") && q.words.is_empty());
        if let Some((twin, converter)) = declared.and_then(|name| twins.get(&name.text)) {
            let name = &declared.map(|n| n.text.clone()).unwrap_or_default();
            match declare_twin(&tokens, &layout, &twins, name, (twin, converter)) {
                Ok(insert) => edits.push(Edit::insert(item.range.end, insert)),
                Err(e) => errors.push(e),
            }
        }
    }
    for &at in &holders.std140_types {
        if let Some((twin, _)) = twins.get(&tokens[at].text) {
            edits.push(Edit::replace(at..at + 1, vec![renamed(&tokens[at], twin)]));
        }
    }
    for item in &items {
        if let ItemKind::Function { params, body, .. } = &item.kind {
            let shadowed = items::local_names(&tokens, params.clone(), body.clone());
            let reads = Reads {
                tokens: &tokens,
                layout: &layout,
                holders: &holders,
                twins: &twins,
            };
            reads.convert(body.clone(), &shadowed, &mut edits, &mut errors);
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(tokens::apply(tokens, edits))
}

/// After the parse: each twin (marked in `text`, the upgraded GLSL) takes its original's
/// name back, as glslang names both layouts of a struct, so reflection reads the user's
/// name (the text writers tell the two apart again). Returns how many.
pub fn apply(module: &mut naga::Module, text: &str) -> usize {
    let mut renamed = 0;
    for mut words in tokens::marker_words(text, MARKER) {
        let (Some(twin), Some(original)) = (words.next(), words.next()) else {
            continue;
        };
        let found = module
            .types
            .iter()
            .find(|(_, t)| t.name.as_deref() == Some(twin))
            .map(|(h, t)| (h, t.clone()));
        let Some((handle, mut ty)) = found else {
            continue;
        };
        ty.name = Some(original.to_string());
        // `replace` keeps the handle; it refuses a type the arena already has.
        if module.types.get(&ty).is_none() {
            module.types.replace(handle, ty);
            renamed += 1;
        }
    }
    renamed
}

/// What the uniforms and blocks of the shader hold.
#[derive(Default)]
struct Holders {
    /// Structs std140 uniforms hold directly, and those std430 blocks do.
    std140: HashSet<String>,
    std430: HashSet<String>,
    /// The type tokens of std140 uniforms and their block members: where twins go.
    std140_types: Vec<usize>,
    /// Names a function body reads a std140 uniform through: a block instance (its body,
    /// its dimensions), or an anonymous block member or loose uniform (its declarator).
    roots: HashMap<String, Root>,
}

#[derive(Clone, Debug)]
enum Root {
    Block(Range<usize>, usize),
    Value(Declarator),
}

impl Holders {
    fn of(tokens: &[Token], items: &[items::Item], layout: &Layout) -> Self {
        let mut holders = Holders::default();
        for item in items.iter().filter(|i| i.kind == ItemKind::Declaration) {
            let q = items::qualifiers(tokens, item.range.clone());
            if !(q.has("uniform") || q.has("buffer")) {
                continue;
            }
            let std140 = q.has("uniform") && packing(&q) == Packing::Std140;
            let open = q.type_start + 1;
            let (declarators, block) = if q.opens_block(tokens) {
                let Some(close) = items::matching_close(tokens, open, item.range.end) else {
                    continue;
                };
                let members: Vec<Declarator> = layout
                    .members(open + 1..close)
                    .into_iter()
                    .flat_map(|(_, d)| d)
                    .collect();
                (members, Some((open + 1..close, close)))
            } else {
                let loose = layout.members(q.type_start..item.range.end);
                (loose.into_iter().flat_map(|(_, d)| d).collect(), None)
            };
            let set = if std140 {
                &mut holders.std140
            } else {
                &mut holders.std430
            };
            set.extend(declarators.iter().map(|d| d.ty.clone()));
            if !std140 {
                continue;
            }
            let mut type_tokens: Vec<usize> = declarators.iter().map(|d| d.ty_at).collect();
            type_tokens.dedup();
            holders.std140_types.extend(type_tokens);
            match block {
                // `} u;` / `} u[2];`: read through the instance.
                Some((body, close)) if tokens.get(close + 1).is_some_and(is_name) => {
                    let dims = (close + 2..item.range.end)
                        .filter(|&i| tokens[i].is_punct("["))
                        .count();
                    let root = Root::Block(body, dims);
                    holders.roots.insert(tokens[close + 1].text.clone(), root);
                }
                _ => {
                    for d in declarators {
                        let name = tokens[d.name_at].text.clone();
                        holders.roots.insert(name, Root::Value(d));
                    }
                }
            }
        }
        holders
    }
}

fn is_name(token: &Token) -> bool {
    token.kind == TokenKind::Ident
}

/// The structs to twin, with their twins' and converters' names: those both kinds of
/// block hold (transitively) that std140 lays out otherwise than naga, and those std140
/// uniforms hold that hold a twinned one.
/// Whether the struct `name` has a `matCx2` member, which std140 stores as `matCx4` and
/// std430 as columns ([`struct_members`](super::struct_members)): one layout each.
fn holds_two_row_matrix(layout: &Layout, name: &str) -> bool {
    let body = layout.struct_body(name).unwrap_or_default();
    layout
        .members(body)
        .iter()
        .flat_map(|(_, d)| d)
        .any(|d| matrix(&d.ty).is_some_and(|(_, rows)| rows == 2))
}

fn twins(layout: &Layout, holders: &Holders, names: &Names) -> Twins {
    let closure = |roots: &HashSet<String>| {
        let mut seen = HashSet::new();
        let mut todo: Vec<String> = roots.iter().cloned().collect();
        while let Some(name) = todo.pop() {
            let Some(body) = layout.struct_body(&name) else {
                continue;
            };
            if seen.insert(name) {
                for (_, declarators) in layout.members(body) {
                    todo.extend(declarators.into_iter().map(|d| d.ty));
                }
            }
        }
        seen
    };
    let std140 = closure(&holders.std140);
    let std430 = closure(&holders.std430);
    let mut twinned: HashSet<String> = std140
        .intersection(&std430)
        .filter(|s| layout.differs_in_std140(s) || holds_two_row_matrix(layout, s))
        .cloned()
        .collect();
    // A struct std140 uniforms hold that holds a twinned one: its uniform copy holds the
    // twin, so it is twinned too (the other copy stays for functions and locals).
    loop {
        let more: Vec<String> = std140
            .iter()
            .filter(|s| !twinned.contains(*s))
            .filter(|s| {
                let body = layout.struct_body(s).unwrap_or_default();
                layout
                    .members(body)
                    .iter()
                    .flat_map(|(_, d)| d)
                    .any(|d| twinned.contains(&d.ty))
            })
            .cloned()
            .collect();
        if more.is_empty() {
            break;
        }
        twinned.extend(more);
    }
    twinned
        .into_iter()
        .map(|s| {
            let twin = names.fresh(&format!("{s}_std140"));
            let converter = names.fresh(&format!("prism_{s}_from_std140"));
            (s, (twin, converter))
        })
        .collect()
}

/// `struct S_std140 { ... } ; S prism_S_from_std140 ( S_std140 v ) { S r ; r . a = v . a ;
/// ... return r ; }`, for the struct `name`.
fn declare_twin(
    tokens: &[Token],
    layout: &Layout,
    twins: &Twins,
    name: &str,
    (twin, converter): (&str, &str),
) -> Result<Vec<Token>, Diagnostic> {
    let body = layout.struct_body(name).unwrap_or_default();
    let loc = tokens[body.end].loc;
    let mut marker = gen("x", loc);
    marker[0].kind = TokenKind::Punct;
    marker[0].text = format!("{MARKER} {twin} {name}*/");
    let mut out = marker;
    out.extend(gen(&format!("struct {twin} {{"), loc));
    let members = layout.members(body.clone());
    let retyped: HashMap<usize, &str> = members
        .iter()
        .flat_map(|(_, d)| d)
        .filter_map(|d| Some((d.ty_at, twins.get(&d.ty)?.0.as_str())))
        .collect();
    for (i, t) in tokens.iter().enumerate().take(body.end).skip(body.start) {
        out.push(match retyped.get(&i) {
            Some(twin) => renamed(t, twin),
            None => t.clone(),
        });
    }
    out.extend(gen("} ;", loc));
    // Member by member into a local: a constructor would build arrays of another stride
    // than the struct's own members (naga lays struct members out by std140).
    let mut copies = Vec::new();
    for d in members.iter().flat_map(|(_, d)| d) {
        let member = &tokens[d.name_at].text;
        let Some((_, inner)) = twins.get(&d.ty) else {
            copies.push(format!("r . {member} = v . {member} ;"));
            continue;
        };
        let elements = d
            .dims
            .as_deref()
            .and_then(|dims| dims.iter().try_fold(1u32, |n, d| n.checked_mul(*d)))
            .filter(|n| *n <= MAX_ELEMENTS);
        let (Some(dims), Some(count)) = (d.dims.as_deref(), elements) else {
            return Err(error_at(
                "E-UNSUPPORTED",
                format!(
                    "not supported by prism: `{member}`, an array of `{}` without a constant length of at most {MAX_ELEMENTS}, in a struct that both a std140 uniform and a std430 block hold",
                    d.ty
                ),
                tokens[d.name_at].loc,
                "the two layouts of this struct need a converted copy of each element",
            ));
        };
        for k in 0..count {
            // Element `k` in row-major order of the dimensions as written.
            let mut rest = k;
            let mut index = String::new();
            for (j, _) in dims.iter().enumerate() {
                let below: u32 = dims[j + 1..].iter().product();
                index.push_str(&format!(" [ {} ]", rest / below));
                rest %= below;
            }
            copies.push(format!(
                "r . {member}{index} = {inner} ( v . {member}{index} ) ;"
            ));
        }
    }
    out.extend(gen(
        &format!(
            "{name} {converter} ( {twin} v ) {{ {name} r ; {} return r ; }}",
            copies.join(" ")
        ),
        loc,
    ));
    Ok(out)
}

/// The reads of std140 uniforms in function bodies.
struct Reads<'a> {
    tokens: &'a [Token],
    layout: &'a Layout<'a>,
    holders: &'a Holders,
    twins: &'a Twins,
}

impl Reads<'_> {
    /// Wrap each read of a whole twin value in `body` in its converter.
    fn convert(
        &self,
        body: Range<usize>,
        shadowed: &HashSet<String>,
        edits: &mut Vec<Edit>,
        errors: &mut Vec<Diagnostic>,
    ) {
        let tokens = self.tokens;
        let mut i = body.start;
        while i < body.end {
            let t = &tokens[i];
            let after_dot = i > 0 && tokens[i - 1].is_punct(".");
            let root = self.holders.roots.get(&t.text).filter(|_| {
                t.kind == TokenKind::Ident && !after_dot && !shadowed.contains(&t.text)
            });
            let Some(root) = root else {
                i += 1;
                continue;
            };
            let (reading, end) = self.chain(root, i + 1, body.end);
            if let Reading::Struct(name, dims) = &reading {
                if let Some((_, converter)) = self.twins.get(name) {
                    let followed = tokens.get(end).is_some_and(|n| n.is_punct("."));
                    if *dims > 0 && !followed {
                        errors.push(error_at(
                            "E-UNSUPPORTED",
                            format!("not supported by prism: a whole array of `{name}` read from a uniform, when a std430 block holds `{name}` too"),
                            t.loc,
                            "the two layouts differ; read the elements one at a time",
                        ));
                    } else if *dims == 0 {
                        edits.push(Edit::insert(i, gen(&format!("{converter} ("), t.loc)));
                        edits.push(Edit::insert(end, gen(")", tokens[end - 1].loc)));
                    }
                }
            }
            i = end.max(i + 1);
        }
    }

    /// Follow `.member` and `[index]` from `at` after a root: what the chain reads, and
    /// where it ends.
    fn chain(&self, root: &Root, mut at: usize, end: usize) -> (Reading, usize) {
        let tokens = self.tokens;
        let of = |d: &Declarator| match self.layout.struct_body(&d.ty) {
            Some(_) => Reading::Struct(d.ty.clone(), d.dims.as_ref().map_or(0, Vec::len)),
            None => Reading::Other,
        };
        let mut reading = match root {
            Root::Block(body, dims) => Reading::Block(body.clone(), *dims),
            Root::Value(d) => of(d),
        };
        while at < end {
            let dims = match &reading {
                Reading::Block(_, n) | Reading::Struct(_, n) => *n,
                Reading::Other => 0,
            };
            if tokens[at].is_punct("[") {
                let Some(close) = items::matching_close(tokens, at, end) else {
                    break;
                };
                reading = match reading {
                    Reading::Block(b, n) if n > 0 => Reading::Block(b, n - 1),
                    Reading::Struct(s, n) if n > 0 => Reading::Struct(s, n - 1),
                    _ => Reading::Other,
                };
                at = close + 1;
            } else if tokens[at].is_punct(".") && dims == 0 {
                let Some(member) = tokens.get(at + 1) else {
                    break;
                };
                let body = match &reading {
                    Reading::Block(body, _) => Some(body.clone()),
                    Reading::Struct(s, _) => self.layout.struct_body(s),
                    Reading::Other => None,
                };
                let found = body.and_then(|body| {
                    self.layout
                        .members(body)
                        .into_iter()
                        .flat_map(|(_, d)| d)
                        .find(|d| tokens[d.name_at].text == member.text)
                });
                let Some(d) = found else {
                    break;
                };
                reading = of(&d);
                at += 2;
            } else {
                break;
            }
        }
        (reading, at)
    }
}
