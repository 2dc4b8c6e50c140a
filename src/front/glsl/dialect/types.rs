//! A small table of declared types, for the rewrites that need to know what an operand is:
//! struct equality, `mat2(vec4)`, geometric built-ins on scalars ([`super::typed`]).
//!
//! Built once from the tokens: every struct with its members, and every variable, parameter
//! and local with its type. Scopes are not tracked: a name declared with two different types
//! anywhere in the shader has no entry, so a rewrite never acts on a guess.

use std::collections::HashMap;

use super::arrays;
use super::items;
use crate::front::glsl::preprocess::{Token, TokenKind};

/// A declared type: its name and whether the declaration was an array.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Declared {
    pub ty: String,
    pub array: bool,
}

/// A declaration: the token range of the function it is local to (`None`: global), its type.
type Scoped = (Option<std::ops::Range<usize>>, Declared);

#[derive(Default)]
pub(super) struct Types {
    /// Struct name → members in order.
    pub structs: HashMap<String, Vec<(String, Declared)>>,
    /// Interface block name (`uniform B { ... }`) → members in order; an instance name is a
    /// variable of the block name's type.
    blocks: HashMap<String, Vec<(String, Declared)>>,
    /// Variable name → type; `None` when declared with different types.
    vars: HashMap<String, Option<Declared>>,
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
        // Struct bodies: their members are not variables.
        let mut bodies = Vec::new();
        for (i, t) in tokens.iter().enumerate() {
            if t.is_ident("struct") {
                bodies.extend(types.read_struct(tokens, i));
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
                if item.kind == items::ItemKind::Declaration {
                    types.read_block(tokens, item);
                }
                let Some(name) = items::function_name(tokens, item) else {
                    continue;
                };
                let q = items::qualifiers(tokens, item.range.clone());
                let ty = tokens.get(q.type_start).map(|t| t.text.clone());
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
            let declares = is_type
                && !(i > 0 && tokens[i - 1].is_ident("struct"))
                && tokens
                    .get(i + 1)
                    .is_some_and(|n| n.kind == TokenKind::Ident);
            if !declares
                || bodies
                    .iter()
                    .any(|b: &std::ops::Range<usize>| b.contains(&i))
            {
                continue;
            }
            // `T a, b[2] = ...;` : every declarator at this depth, up to `;` or `)`.
            let mut j = i + 1;
            let mut expect_name = true;
            while j < tokens.len() {
                let u = &tokens[j];
                if expect_name && u.kind == TokenKind::Ident {
                    let array = tokens.get(j + 1).is_some_and(|n| n.is_punct("["));
                    types.declare(&u.text, &t.text, array);
                    if array {
                        types.length(String::new(), &u.text, literal_len(tokens, j + 1));
                    }
                    let scope = functions.iter().find(|f| f.contains(&j)).cloned();
                    let declared = Declared {
                        ty: t.text.clone(),
                        array,
                    };
                    let entry = types.scoped.entry(u.text.clone()).or_default();
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
                    if is_param(tokens, i) {
                        break;
                    }
                    expect_name = true;
                } else if u.is_punct(";") || u.is_punct(")") || u.is_punct("{") {
                    break;
                }
                j += 1;
            }
        }
        types
    }

    /// Read the struct declared at `at`; its body's token range.
    fn read_struct(&mut self, tokens: &[Token], at: usize) -> Option<std::ops::Range<usize>> {
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
        Some(at + 3..close)
    }

    /// Read the interface block `item` declares (`uniform B { ... } b[2];`): its members
    /// under the block name, and its instance name as a variable of that type.
    fn read_block(&mut self, tokens: &[Token], item: &items::Item) {
        let q = items::qualifiers(tokens, item.range.clone());
        if !q.opens_block(tokens) {
            return;
        }
        let Some(name) = tokens
            .get(q.type_start)
            .filter(|t| t.kind == TokenKind::Ident)
        else {
            return;
        };
        let open = q.type_start + 1;
        let Some(close) = items::matching_close(tokens, open, item.range.end) else {
            return;
        };
        let (members, lens) = read_members(tokens, open + 1..close);
        self.blocks.insert(name.text.clone(), members);
        for (member, len) in lens {
            self.length(name.text.clone(), &member, len);
        }
        let Some(instance) = tokens.get(close + 1).filter(|t| t.kind == TokenKind::Ident) else {
            return;
        };
        let array = tokens.get(close + 2).is_some_and(|t| t.is_punct("["));
        self.declare(&instance.text, &name.text, array);
        if array {
            self.length(
                String::new(),
                &instance.text,
                literal_len(tokens, close + 2),
            );
        }
        let declared = Declared {
            ty: name.text.clone(),
            array,
        };
        let entry = self.scoped.entry(instance.text.clone()).or_default();
        entry.push((None, declared));
    }

    /// The members of struct or interface block `ty`, in order.
    pub fn members(&self, ty: &str) -> Option<&Vec<(String, Declared)>> {
        self.structs.get(ty).or_else(|| self.blocks.get(ty))
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

    fn declare(&mut self, name: &str, ty: &str, array: bool) {
        let declared = Declared {
            ty: ty.to_string(),
            array,
        };
        self.vars
            .entry(name.to_string())
            .and_modify(|old| {
                if old.as_ref() != Some(&declared) {
                    *old = None;
                }
            })
            .or_insert(Some(declared));
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

    /// The type of a variable, when every declaration of the name agrees.
    pub fn var(&self, name: &str) -> Option<&Declared> {
        self.vars.get(name).and_then(|d| d.as_ref())
    }

    /// The type of the postfix expression `tokens[range]`: a name followed by `.member` and
    /// `[index]` suffixes. `None` when it is anything else or not known.
    pub fn postfix(&self, tokens: &[Token], range: std::ops::Range<usize>) -> Option<Declared> {
        let first = tokens.get(range.start)?;
        if first.kind != TokenKind::Ident {
            return None;
        }
        let mut ty = self.var(&first.text)?.clone();
        let mut i = range.start + 1;
        while i < range.end {
            if tokens[i].is_punct("[") {
                let close = items::matching_close(tokens, i, range.end)?;
                if !ty.array {
                    return None; // indexing a vector or matrix: not needed here
                }
                ty.array = false;
                i = close + 1;
            } else if tokens[i].is_punct(".") {
                let member = tokens.get(i + 1)?;
                if ty.array {
                    return None;
                }
                let members = self.members(&ty.ty)?;
                ty = members.iter().find(|(n, _)| *n == member.text)?.1.clone();
                i += 2;
            } else {
                return None;
            }
        }
        Some(ty)
    }
}

/// The member declarations between a struct's or block's braces: each member with its
/// type, and the array length (an integer literal) of each array member.
#[allow(clippy::type_complexity)]
fn read_members(
    tokens: &[Token],
    body: std::ops::Range<usize>,
) -> (Vec<(String, Declared)>, Vec<(String, Option<u32>)>) {
    let mut members = Vec::new();
    let mut lens = Vec::new();
    let mut start = body.start;
    for end in body {
        if !tokens[end].is_punct(";") {
            continue;
        }
        let decl: Vec<&Token> = tokens[start..end]
            .iter()
            .filter(|t| !items::PRECISIONS.contains(&t.text.as_str()))
            .collect();
        if let Some(ty) = decl.first() {
            for (k, t) in decl.iter().enumerate().skip(1) {
                let first_or_after_comma = k == 1 || decl[k - 1].is_punct(",");
                if t.kind == TokenKind::Ident && first_or_after_comma {
                    let array = decl.get(k + 1).is_some_and(|n| n.is_punct("["));
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
                            ty: ty.text.clone(),
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

/// The length of the array specifier opening at `open` when it is one integer literal.
fn literal_len(tokens: &[Token], open: usize) -> Option<u32> {
    match (tokens.get(open + 1), tokens.get(open + 2)) {
        (Some(n), Some(c)) if n.kind == TokenKind::Int && c.is_punct("]") => {
            items::parse_int(&n.text)
        }
        _ => None,
    }
}
