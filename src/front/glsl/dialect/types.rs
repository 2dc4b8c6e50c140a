//! A small table of declared types, for the rewrites that need to know what an operand is:
//! struct equality, `mat2(vec4)`, geometric built-ins on scalars ([`super::typed`]).
//!
//! Built once from the tokens: every struct and interface block with its members, and every
//! variable, parameter and local with its type (a struct's or block's instance too:
//! `struct S { ... } s;`, `uniform B { ... } b;`). Scopes are functions: a name used in a
//! function has the type of its declarations there, else of its global ones; where those
//! disagree (a name declared twice in one function with different types) it has none, so a
//! rewrite never acts on a guess.

use std::collections::{HashMap, HashSet};

use super::arrays;
use super::items::{self, ItemKind};
use crate::front::glsl::preprocess::{Token, TokenKind};

/// A declared type: its name and whether the declaration was an array.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Declared {
    pub ty: String,
    pub array: bool,
}

/// The type of what the table holds but cannot type: an array of arrays (an element is
/// still an array, which [`Declared`] cannot say), a function returning an array. No rule
/// of the typer matches it.
pub(super) const UNKNOWN: &str = "?";

/// The members of a struct or block, in order.
pub(super) type Members = Vec<(String, Declared)>;

/// A declaration: the token range of the function it is local to (`None`: global), its type.
type Scoped = (Option<std::ops::Range<usize>>, Declared);

#[derive(Default)]
pub(super) struct Types {
    /// Struct name → members in order.
    pub structs: HashMap<String, Members>,
    /// Interface block name (`uniform B { ... }`) → members in order.
    pub blocks: HashMap<String, Members>,
    /// Member name → block name, for the members of blocks without an instance name (which
    /// are global variables).
    anonymous: HashMap<String, String>,
    /// Variable name → each declaration: the token range of the function it is local to
    /// (`None` for a global) and its type.
    scoped: HashMap<String, Vec<Scoped>>,
    /// Array length as written (an integer literal), of struct members `(struct, member)`
    /// and of variables `("", name)`; `None` where declarations disagree.
    lens: HashMap<(String, String), Option<u32>>,
    /// Function name → return type; `None` when overloads disagree.
    functions: HashMap<String, Option<String>>,
}

impl Types {
    pub fn of(tokens: &[Token]) -> Self {
        let mut types = Types::default();
        // Struct bodies, and the bodies of blocks with an instance name: their members are
        // not variables. `}` of each body → the type it declares (`struct S { ... } s;`).
        let mut bodies = Vec::new();
        let mut closes: HashMap<usize, String> = HashMap::new();
        for (i, t) in tokens.iter().enumerate() {
            if t.is_ident("struct") {
                if let Some((name, body)) = types.read_struct(tokens, i) {
                    closes.insert(body.end, name);
                    bodies.push(body);
                }
            }
        }
        let split = items::split_items(tokens).ok();
        let functions: Vec<std::ops::Range<usize>> = split
            .iter()
            .flatten()
            .filter(|item| matches!(item.kind, items::ItemKind::Function { .. }))
            .map(|item| item.range.clone())
            .collect();
        if let Some(items) = &split {
            for item in items {
                if let Some((name, body)) = types.read_block(tokens, item) {
                    closes.insert(body.end, name);
                    bodies.push(body);
                }
                let Some(name) = items::function_name(tokens, item) else {
                    continue;
                };
                let q = items::qualifiers(tokens, item.range.clone());
                // `float[2] f()` returns an array: not known here.
                let array = tokens
                    .get(q.type_start + 1)
                    .is_some_and(|t| t.is_punct("["));
                let ty = tokens.get(q.type_start).map(|t| t.text.clone());
                let ty = if array { Some(UNKNOWN.to_string()) } else { ty };
                types
                    .functions
                    .entry(name)
                    .and_modify(|old| {
                        if *old != ty {
                            *old = None;
                        }
                    })
                    .or_insert(ty);
            }
        }
        for (i, t) in tokens.iter().enumerate() {
            let is_type = t.kind == TokenKind::Ident
                && (arrays::is_builtin_type(&t.text) || types.structs.contains_key(&t.text));
            let ty = match closes.get(&i) {
                Some(declared) => declared.clone(),
                None if is_type && !(i > 0 && tokens[i - 1].is_ident("struct")) => t.text.clone(),
                None => continue,
            };
            let declares = tokens
                .get(i + 1)
                .is_some_and(|n| n.kind == TokenKind::Ident);
            if !declares
                || bodies
                    .iter()
                    .any(|b: &std::ops::Range<usize>| b.contains(&i))
            {
                continue;
            }
            types.declarators(tokens, i, &ty, &functions);
        }
        types
    }

    /// `T a, b[2] = ...;` with the type (or the `}` of a struct or block body) at `at`:
    /// every declarator at this depth, up to `;` or `)`.
    fn declarators(
        &mut self,
        tokens: &[Token],
        at: usize,
        ty: &str,
        functions: &[std::ops::Range<usize>],
    ) {
        let mut j = at + 1;
        let mut expect_name = true;
        while j < tokens.len() {
            let u = &tokens[j];
            if expect_name && u.kind == TokenKind::Ident {
                let array = tokens.get(j + 1).is_some_and(|n| n.is_punct("["));
                if array {
                    self.length(String::new(), &u.text, literal_len(tokens, j + 1));
                }
                let scope = functions.iter().find(|f| f.contains(&j)).cloned();
                let nested = array && array_of_arrays(tokens, j + 1);
                let declared = Declared {
                    ty: if nested { UNKNOWN } else { ty }.to_string(),
                    array,
                };
                let entry = self.scoped.entry(u.text.clone()).or_default();
                entry.push((scope, declared));
                expect_name = false;
            } else if u.is_punct("{") && tokens[j - 1].is_punct(")") {
                break; // a function body: the declaration (a signature) ended
            } else if u.is_punct("(") || u.is_punct("[") || u.is_punct("{") {
                match items::matching_close(tokens, j, tokens.len()) {
                    Some(close) => j = close,
                    None => break,
                }
            } else if u.is_punct(",") {
                // A `,` in a parameter list starts another parameter, with its own type.
                if is_param(tokens, at) {
                    break;
                }
                expect_name = true;
            } else if u.is_punct(";") || u.is_punct(")") || u.is_punct("{") {
                break;
            }
            j += 1;
        }
    }

    /// Read the interface block declared by `item` (`uniform B { ... } b;`) into `blocks`;
    /// the range of its body, from `{` to `}`, when it has an instance name (its members are
    /// then not variables).
    fn read_block(
        &mut self,
        tokens: &[Token],
        item: &items::Item,
    ) -> Option<(String, std::ops::Range<usize>)> {
        if item.kind != items::ItemKind::Declaration {
            return None;
        }
        let q = items::qualifiers(tokens, item.range.clone());
        let name = tokens.get(q.type_start)?;
        if name.kind != TokenKind::Ident || name.text == "struct" || !q.opens_block(tokens) {
            return None;
        }
        let open = q.type_start + 1;
        let close = items::matching_close(tokens, open, item.range.end)?;
        let (members, lens) = read_members(tokens, open + 1..close);
        self.blocks.insert(name.text.clone(), members);
        for (member, len) in lens {
            self.length(name.text.clone(), &member, len);
        }
        let instance = tokens
            .get(close + 1)
            .is_some_and(|t| t.kind == TokenKind::Ident);
        if !instance {
            for (member, _) in &self.blocks[&name.text] {
                self.anonymous.insert(member.clone(), name.text.clone());
            }
        }
        instance.then(|| (name.text.clone(), open..close))
    }

    /// Read the struct declared at `at`; its name and its body's token range, from `{`
    /// (excluded) to `}`.
    fn read_struct(
        &mut self,
        tokens: &[Token],
        at: usize,
    ) -> Option<(String, std::ops::Range<usize>)> {
        let (name, open) = (tokens.get(at + 1)?, tokens.get(at + 2)?);
        if name.kind != TokenKind::Ident || !open.is_punct("{") {
            return None;
        }
        let close = items::matching_close(tokens, at + 2, tokens.len())?;
        let (members, lens) = read_members(tokens, at + 3..close);
        self.structs.insert(name.text.clone(), members);
        for (member, len) in lens {
            self.length(name.text.clone(), &member, len);
        }
        Some((name.text.clone(), at + 3..close))
    }

    fn length(&mut self, owner: String, name: &str, len: Option<u32>) {
        self.lens
            .entry((owner, name.to_string()))
            .and_modify(|old| {
                if *old != len {
                    *old = None;
                }
            })
            .or_insert(len);
    }

    /// The length of array variable `name` (`owner` empty) or member `owner.name`, when it
    /// is an integer literal wherever declared.
    pub fn len(&self, owner: &str, name: &str) -> Option<u32> {
        *self.lens.get(&(owner.to_string(), name.to_string()))?
    }

    /// The return type of a user function, when every overload agrees.
    pub fn function(&self, name: &str) -> Option<&str> {
        self.functions.get(name).and_then(|t| t.as_deref())
    }

    /// Whether the shader defines or declares a function of that name.
    pub fn declares_function(&self, name: &str) -> bool {
        self.functions.contains_key(name)
    }

    /// The type of variable `name` used at token `at`: its declarations in the function
    /// holding `at` when there are any, else its global ones; `None` unless they agree.
    /// (Blocks inside a function are not scopes: a name declared twice there with different
    /// types has no type.)
    pub fn var_at(&self, name: &str, at: usize) -> Option<&Declared> {
        let all = self.scoped.get(name)?;
        let local: Vec<&Declared> = all
            .iter()
            .filter(|(scope, _)| scope.as_ref().is_some_and(|f| f.contains(&at)))
            .map(|(_, d)| d)
            .collect();
        let candidates = if local.is_empty() {
            all.iter()
                .filter(|(scope, _)| scope.is_none())
                .map(|(_, d)| d)
                .collect()
        } else {
            local
        };
        let first = *candidates.first()?;
        candidates.iter().all(|d| *d == first).then_some(first)
    }

    /// The block whose member `name` used at token `at` names: a member of a block without
    /// an instance name, not hidden by a declaration in the function holding `at`.
    pub fn anonymous_member_at(&self, name: &str, at: usize) -> Option<&str> {
        let block = self.anonymous.get(name)?;
        let all = self.scoped.get(name)?;
        let hidden = all
            .iter()
            .any(|(scope, _)| scope.as_ref().is_some_and(|f| f.contains(&at)));
        let globals = all.iter().filter(|(scope, _)| scope.is_none()).count();
        (!hidden && globals == 1).then_some(block.as_str())
    }

    /// The members of struct or interface block `ty`, in order.
    pub fn members(&self, ty: &str) -> Option<&Members> {
        self.structs.get(ty).or_else(|| self.blocks.get(ty))
    }
}

/// The members of a struct or block body `tokens[body]` in order, and the literal length of
/// each array member (`None`: not a literal).
fn read_members(
    tokens: &[Token],
    body: std::ops::Range<usize>,
) -> (Members, Vec<(String, Option<u32>)>) {
    let mut members = Vec::new();
    let mut lens = Vec::new();
    let mut start = body.start;
    for end in body.clone() {
        if !tokens[end].is_punct(";") {
            continue;
        }
        let decl: Vec<&Token> = tokens[start..end]
            .iter()
            .filter(|t| !items::PRECISIONS.contains(&t.text.as_str()))
            .collect();
        // Past `layout(...)` and qualifiers (block members may have them).
        let mut first = 0;
        while let Some(t) = decl.get(first) {
            if t.is_ident("layout") && decl.get(first + 1).is_some_and(|n| n.is_punct("(")) {
                match decl.iter().skip(first).position(|t| t.is_punct(")")) {
                    Some(close) => first += close + 1,
                    None => break,
                }
            } else if t.kind == TokenKind::Ident && items::QUALIFIERS.contains(&t.text.as_str()) {
                first += 1;
            } else {
                break;
            }
        }
        if let Some(ty) = decl.get(first) {
            for (k, t) in decl.iter().enumerate().skip(first + 1) {
                let first_or_after_comma = k == first + 1 || decl[k - 1].is_punct(",");
                if t.kind == TokenKind::Ident && first_or_after_comma {
                    let array = decl.get(k + 1).is_some_and(|n| n.is_punct("["));
                    let close = decl.iter().skip(k + 1).position(|t| t.is_punct("]"));
                    let nested = close.is_some_and(|c| {
                        array && decl.get(k + 2 + c).is_some_and(|n| n.is_punct("["))
                    });
                    if array {
                        let len = match (decl.get(k + 2), decl.get(k + 3)) {
                            (Some(n), Some(c)) if c.is_punct("]") => items::parse_int(&n.text),
                            _ => None,
                        };
                        lens.push((t.text.clone(), len));
                    }
                    members.push((
                        t.text.clone(),
                        Declared {
                            ty: if nested { UNKNOWN } else { &ty.text }.to_string(),
                            array,
                        },
                    ));
                }
            }
        }
        start = end + 1;
    }
    (members, lens)
}

/// Whether the type at `at` starts a function parameter (follows `(` or `,` of a signature).
fn is_param(tokens: &[Token], at: usize) -> bool {
    let mut k = at;
    while k > 0 {
        let p = &tokens[k - 1];
        if p.kind == TokenKind::Ident && items::QUALIFIERS.contains(&p.text.as_str()) {
            k -= 1;
            continue;
        }
        return p.is_punct("(") || p.is_punct(",");
    }
    false
}

/// Whether the array specifier opening at `open` is followed by another (`a[2][3]`).
fn array_of_arrays(tokens: &[Token], open: usize) -> bool {
    items::matching_close(tokens, open, tokens.len())
        .is_some_and(|close| tokens.get(close + 1).is_some_and(|t| t.is_punct("[")))
}

/// The length of the array specifier opening at `open` when it is one integer literal.
fn literal_len(tokens: &[Token], open: usize) -> Option<u32> {
    match (tokens.get(open + 1), tokens.get(open + 2)) {
        (Some(n), Some(c)) if n.kind == TokenKind::Int && c.is_punct("]") => {
            items::parse_int(&n.text)
        }
        _ => None,
    }
}

/// The structs that variables or blocks whose qualifiers pass `held` hold: their types and
/// block members' types, and the types of their members, transitively.
pub(super) fn held_structs(
    tokens: &[Token],
    types: &Types,
    held: impl Fn(&items::Qualifiers) -> bool,
) -> HashSet<String> {
    let mut found: Vec<String> = Vec::new();
    if let Ok(items) = items::split_items(tokens) {
        for item in &items {
            let q = items::qualifiers(tokens, item.range.clone());
            if !held(&q) || item.kind != ItemKind::Declaration {
                continue;
            }
            for t in &tokens[q.type_start..item.range.end] {
                if types.structs.contains_key(&t.text) {
                    found.push(t.text.clone());
                }
            }
        }
    }
    let mut seen = HashSet::new();
    while let Some(s) = found.pop() {
        if seen.insert(s.clone()) {
            for (_, declared) in types.structs.get(&s).into_iter().flatten() {
                if types.structs.contains_key(&declared.ty) {
                    found.push(declared.ty.clone());
                }
            }
        }
    }
    seen
}
