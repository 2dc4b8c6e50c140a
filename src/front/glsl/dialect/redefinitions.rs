//! Names declared twice in one scope, in GLSL ES 1.00 and 3.00, reported at the second
//! declaration, where glslang reports it (naga sees the upgraded shader, whose rewrites
//! rename and regroup declarations, and lets most of these through):
//!
//! - at global scope, a variable, function, struct or block name used for two things (a
//!   function's overloads are one thing), an anonymous block's member named like a global,
//!   a block instance named like its block; in ES 3.00 a global variable named like a
//!   built-in function (ES 3.00 §4.2.6: built-in functions are not in an outer scope);
//! - in a function, a variable (or local struct) declared twice in one scope: parameters
//!   twice, a parameter and a variable of the body's outermost scope (ES 3.00 §4.2.2), a
//!   `for` loop's variable and one of its body (ES 1.00 §6.3, ES 3.00 §6.3);
//! - two members of one struct or block with the same name;
//! - a call of a function that a local variable of the same name hides.
//!
//! Struct names defined twice at global scope are [`super::decl_rules`]'.

use std::collections::{HashMap, HashSet};

use super::items::{self, ItemKind};
use super::version::Dialect;
use crate::diagnostic::{error_at, Diagnostic};
use crate::front::glsl::preprocess::{Token, TokenKind};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Variable,
    Function,
    Struct,
    Block,
}

fn redefinition(t: &Token, what: &str) -> Diagnostic {
    error_at(
        "E-DIALECT",
        format!("`{}` is already declared in this scope{what}", t.text),
        t.loc,
        "rename one of the two",
    )
}

pub(super) fn check(tokens: &[Token], items: &[items::Item], dialect: Dialect) -> Vec<Diagnostic> {
    let es3 = dialect == Dialect::Es3(300);
    let structs: HashSet<&str> = tokens
        .windows(2)
        .filter(|w| w[0].is_ident("struct") && w[1].kind == TokenKind::Ident)
        .map(|w| w[1].text.as_str())
        .collect();
    let mut errors = members(tokens);
    let mut globals: HashMap<String, Kind> = HashMap::new();
    let mut declare =
        |t: &Token, kind: Kind, errors: &mut Vec<Diagnostic>| match globals.get(&t.text) {
            Some(&old) if old == kind && matches!(kind, Kind::Function | Kind::Struct) => {}
            Some(_) => errors.push(redefinition(t, "")),
            None if es3 && kind == Kind::Variable && super::es3_builtins::is_function(&t.text) => {
                errors.push(redefinition(t, " (as a built-in function)"));
            }
            None => {
                globals.insert(t.text.clone(), kind);
            }
        };
    for item in items {
        if let Some(params) = items::param_range(tokens, item) {
            if let Some(name) = params.start.checked_sub(2) {
                declare(&tokens[name], Kind::Function, &mut errors);
            }
            let body = match &item.kind {
                ItemKind::Function { body, .. } => body.clone(),
                ItemKind::Declaration => params.end..params.end,
            };
            errors.extend(Function::new(tokens, &structs, es3).walk(params, body));
            continue;
        }
        let q = items::qualifiers(tokens, item.range.clone());
        let Some(ty) = tokens.get(q.type_start) else {
            continue;
        };
        if ty.is_ident("precision") || ty.is_punct(";") {
            continue;
        }
        let mut from = q.type_start + 1;
        if ty.is_ident("struct") {
            if let Some(name) = tokens.get(from).filter(|t| t.kind == TokenKind::Ident) {
                declare(name, Kind::Struct, &mut errors);
                from += 1;
            }
        } else if q.opens_block(tokens) {
            declare(ty, Kind::Block, &mut errors);
            if let Some((instance, members)) = items::block_members(tokens, &q, item) {
                if instance.is_none() {
                    for member in members {
                        for k in declarator_tokens(tokens, member) {
                            declare(&tokens[k], Kind::Variable, &mut errors);
                        }
                    }
                } else if let Some(close) =
                    items::matching_close(tokens, q.type_start + 1, item.range.end)
                {
                    let inst = &tokens[close + 1];
                    if inst.text == ty.text {
                        errors.push(redefinition(inst, " (as the block's name)"));
                    } else {
                        declare(inst, Kind::Variable, &mut errors);
                    }
                }
            }
            continue;
        } else if tokens
            .get(q.type_start + 1)
            .is_some_and(|t| t.is_punct(";") || t.is_punct(","))
        {
            // `invariant gl_Position;`: no declaration.
            continue;
        }
        for k in declarator_tokens(tokens, from.saturating_sub(1)..item.range.end) {
            declare(&tokens[k], Kind::Variable, &mut errors);
        }
    }
    errors
}

/// The declarator name tokens of `type a, b[2] = ..., c;` in `range` (from the type on; a
/// struct body after the type is skipped).
fn declarator_tokens(tokens: &[Token], range: std::ops::Range<usize>) -> Vec<usize> {
    let mut out = Vec::new();
    let mut k = range.start + 1;
    if tokens.get(k).is_some_and(|t| t.is_punct("{")) {
        k = items::matching_close(tokens, k, range.end).map_or(range.end, |c| c + 1);
    }
    if tokens.get(k).is_some_and(|t| t.is_punct("[")) {
        k = items::matching_close(tokens, k, range.end).map_or(range.end, |c| c + 1);
    }
    let mut expect = true;
    while k < range.end {
        let t = &tokens[k];
        if expect && t.kind == TokenKind::Ident {
            out.push(k);
            expect = false;
        } else if t.is_punct("(") || t.is_punct("[") || t.is_punct("{") {
            k = items::matching_close(tokens, k, range.end).unwrap_or(range.end);
        } else if t.is_punct(",") {
            expect = true;
        } else if t.is_punct(";") {
            break;
        }
        k += 1;
    }
    out
}

/// Struct and block members declared twice.
fn members(tokens: &[Token]) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    for (i, t) in tokens.iter().enumerate() {
        let body = if t.is_ident("struct") {
            (i + 1..i + 3).find(|&k| tokens.get(k).is_some_and(|n| n.is_punct("{")))
        } else if t.is_ident("uniform")
            || t.is_ident("buffer")
            || t.is_ident("in")
            || t.is_ident("out")
        {
            Some(i + 2).filter(|&k| {
                tokens.get(k).is_some_and(|n| n.is_punct("{"))
                    && tokens[i + 1].kind == TokenKind::Ident
            })
        } else {
            None
        };
        let Some(open) = body else { continue };
        let Some(close) = items::matching_close(tokens, open, tokens.len()) else {
            continue;
        };
        let mut seen = HashSet::new();
        let mut start = open + 1;
        for end in open + 1..close {
            if !tokens[end].is_punct(";") {
                continue;
            }
            // Skip the member's qualifiers to its type.
            let mut ty = start;
            while ty < end
                && (items::QUALIFIERS.contains(&tokens[ty].text.as_str())
                    || tokens[ty].is_ident("layout"))
            {
                ty = if tokens[ty].is_ident("layout") {
                    items::matching_close(tokens, ty + 1, end).map_or(end, |c| c + 1)
                } else {
                    ty + 1
                };
            }
            if !tokens.get(ty).is_some_and(|t| t.is_ident("struct")) {
                for k in declarator_tokens(tokens, ty..end) {
                    if !seen.insert(tokens[k].text.as_str()) {
                        errors.push(redefinition(
                            &tokens[k],
                            " (a member of the same struct or block)",
                        ));
                    }
                }
            }
            start = end + 1;
        }
    }
    errors
}

/// The scopes of one function, walked in order.
struct Function<'a> {
    tokens: &'a [Token],
    structs: &'a HashSet<&'a str>,
    /// Parameters and the body's outermost declarations share one scope (ES 3.00).
    shared: bool,
    /// Each open scope: its names, and the token index that closes it.
    frames: Vec<(HashSet<String>, Option<usize>)>,
    errors: Vec<Diagnostic>,
}

impl<'a> Function<'a> {
    fn new(tokens: &'a [Token], structs: &'a HashSet<&'a str>, shared: bool) -> Self {
        Function {
            tokens,
            structs,
            shared,
            frames: Vec::new(),
            errors: Vec::new(),
        }
    }

    fn declare(&mut self, k: usize) {
        let t = &self.tokens[k];
        if let Some((names, _)) = self.frames.last_mut() {
            if !names.insert(t.text.clone()) {
                self.errors.push(redefinition(t, ""));
            }
        }
    }

    /// Whether `t` starts a type: a built-in type, a struct name, or `struct`.
    fn is_type(&self, t: &Token) -> bool {
        t.kind == TokenKind::Ident
            && (super::arrays::is_builtin_type(&t.text)
                || self.structs.contains(t.text.as_str())
                || t.is_ident("struct"))
    }

    fn walk(
        mut self,
        params: std::ops::Range<usize>,
        body: std::ops::Range<usize>,
    ) -> Vec<Diagnostic> {
        let tokens = self.tokens;
        self.frames.push((HashSet::new(), None));
        for part in super::loops::split_top(tokens, params.clone(), ",") {
            self.declaration(part.start, part.end);
        }
        if !self.shared {
            self.frames.push((HashSet::new(), None));
        }
        // `{` tokens that open a `for` body, which shares the loop's scope.
        let mut no_push = HashSet::new();
        let mut statement_start = true;
        for i in body.clone() {
            let t = &tokens[i];
            // A `for` whose statement ended before here (it should not happen; be safe).
            while self
                .frames
                .last()
                .is_some_and(|(_, end)| end.is_some_and(|e| e < i))
            {
                self.frames.pop();
            }
            if t.is_punct("{") {
                if !no_push.contains(&i) {
                    self.frames.push((HashSet::new(), None));
                }
            } else if t.is_punct("}") {
                if !self.frames.last().is_some_and(|(_, end)| end.is_some()) {
                    self.frames.pop();
                }
            } else if t.is_ident("for") && tokens.get(i + 1).is_some_and(|n| n.is_punct("(")) {
                if let Some(close) = items::matching_close(tokens, i + 1, body.end) {
                    if tokens.get(close + 1).is_some_and(|n| n.is_punct("{")) {
                        no_push.insert(close + 1);
                    }
                    let end = statement_end(tokens, close + 1, body.end);
                    self.frames.push((HashSet::new(), end));
                    let init_end = (i + 2..close)
                        .find(|&k| tokens[k].is_punct(";"))
                        .unwrap_or(close);
                    self.declaration(i + 2, init_end);
                }
            } else if statement_start && self.is_type(t) {
                let end = (i..body.end)
                    .find(|&k| tokens[k].is_punct(";"))
                    .unwrap_or(body.end);
                self.declaration(i, end);
            } else if t.kind == TokenKind::Ident
                && tokens.get(i + 1).is_some_and(|n| n.is_punct("("))
                && !(i > 0
                    && (tokens[i - 1].is_punct(".") || tokens[i - 1].kind == TokenKind::Ident))
                && self.frames.iter().any(|(names, _)| names.contains(&t.text))
            {
                self.errors.push(error_at(
                    "E-DIALECT",
                    format!(
                        "`{}` is a variable here, which hides the function of that name",
                        t.text
                    ),
                    t.loc,
                    "a local variable hides a function for the rest of its scope: rename one",
                ));
            }
            while self.frames.last().is_some_and(|(_, end)| *end == Some(i)) {
                self.frames.pop();
            }
            statement_start = t.is_punct(";") || t.is_punct("{") || t.is_punct("}");
        }
        self.errors
    }

    /// A declaration in `start..end` (qualifiers, type, declarators), if it is one.
    fn declaration(&mut self, start: usize, end: usize) {
        let tokens = self.tokens;
        let mut ty = start;
        while ty < end && items::QUALIFIERS.contains(&tokens[ty].text.as_str()) {
            ty += 1;
        }
        let Some(t) = tokens.get(ty).filter(|_| ty < end) else {
            return;
        };
        if !self.is_type(t) {
            return;
        }
        let mut from = ty;
        if t.is_ident("struct")
            && tokens
                .get(ty + 1)
                .is_some_and(|n| n.kind == TokenKind::Ident)
        {
            self.declare(ty + 1);
            from = ty + 1;
        }
        // `S(...)` or `vec4(...)`: an expression statement, not a declaration.
        if tokens.get(from + 1).is_some_and(|n| n.is_punct("(")) {
            return;
        }
        for k in declarator_tokens(tokens, from..end) {
            self.declare(k);
        }
    }
}

/// The index of the last token of the statement starting at `at` (before `end`).
fn statement_end(tokens: &[Token], at: usize, end: usize) -> Option<usize> {
    let t = tokens.get(at).filter(|_| at < end)?;
    let after_parens = |k: usize| items::matching_close(tokens, k + 1, end);
    if t.is_punct("{") {
        return items::matching_close(tokens, at, end);
    }
    if t.is_ident("if") {
        let then = statement_end(tokens, after_parens(at)? + 1, end)?;
        return if tokens.get(then + 1).is_some_and(|n| n.is_ident("else")) {
            statement_end(tokens, then + 2, end)
        } else {
            Some(then)
        };
    }
    if t.is_ident("for") || t.is_ident("while") {
        return statement_end(tokens, after_parens(at)? + 1, end);
    }
    if t.is_ident("switch") {
        return items::matching_close(tokens, after_parens(at)? + 1, end);
    }
    if t.is_ident("do") {
        let body = statement_end(tokens, at + 1, end)?;
        return (body + 1..end).find(|&k| tokens[k].is_punct(";"));
    }
    let mut k = at;
    while k < end {
        let u = &tokens[k];
        if u.is_punct("(") || u.is_punct("[") || u.is_punct("{") {
            k = items::matching_close(tokens, k, end)?;
        } else if u.is_punct(";") {
            return Some(k);
        }
        k += 1;
    }
    None
}
