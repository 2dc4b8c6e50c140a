//! GLSL's implicit conversions of 16-bit floats, which naga's reader gets backwards: it
//! ranks `f16` above `f32` and narrows the 32-bit operand, where GLSL widens the 16-bit one
//! (`float16_t → float`, `f16vecN → vecN`, `f16matN → matN`; never back, nor from integers).
//!
//! Every expression of the shader is walked (statements of function bodies, global
//! initializers), and where the expression typer ([`exprs::type_of`]) is sure of both sides,
//! the 16-bit side of these gets `float(...)` / `vecN(...)` / `matN(...)` around it:
//! binary arithmetic and comparison operators, the branches of `?:`, assignments and
//! initializers of 32-bit variables, `in` arguments of user functions, struct and array
//! constructor arguments, `return` values, and built-in calls mixing 16- and 32-bit float
//! arguments (GLSL picks the `float` overload) or calling a built-in without 16-bit
//! overloads (`texture(s, h2)`). Vector and matrix constructors convert by themselves.
//!
//! Reported, as glslang reports them: implicit narrowing (`float16_t h = 2.0;`,
//! `h += 1.0`, a `float` argument to a `float16_t` parameter, returning a `float` from a
//! `float16_t` function), 16-bit floats with integers (`h * 2`), and built-in calls mixing
//! the two widths where GLSL also has `double` overloads (`clamp(h3, 0.0, 1.0)`: ambiguous).
//! A type the typer is unsure of is left alone: a missed conversion, never a wrong one.

use std::collections::HashMap;
use std::ops::Range;

use super::super::builtins::is_builtin_function;
use super::super::exprs::{self, precedence};
use super::super::half_types::{has_f16_overload, is_f32_float, widened};
use super::super::items::{self, ItemKind};
use super::super::loops::split_top;
use super::super::tokens::{gen, Edit};
use super::super::types::{Declared, Types};
use super::overloads::DOUBLE_OVERLOADED;
use crate::diagnostic::{error_at, Diagnostic};
use crate::front::glsl::preprocess::{Token, TokenKind};
use crate::source::Loc;

pub(super) struct Widened {
    pub edits: Vec<Edit>,
    pub errors: Vec<Diagnostic>,
}

const ASSIGNMENTS: &[&str] = &[
    "=", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "<<=", ">>=",
];

/// A user function's parameters: type (`None`: an array or not known) and whether it is an
/// `in` parameter.
type Params = Vec<(Option<String>, bool)>;

struct Walker<'a> {
    tokens: &'a [Token],
    types: Types,
    /// User function name → each overload's parameters.
    functions: HashMap<String, Vec<Params>>,
    edits: Vec<Edit>,
    errors: Vec<Diagnostic>,
}

pub(super) fn widen(tokens: &[Token]) -> Widened {
    let mut walker = Walker {
        tokens,
        types: Types::of(tokens),
        functions: HashMap::new(),
        edits: Vec::new(),
        errors: Vec::new(),
    };
    let Ok(all) = items::split_items(tokens) else {
        return Widened {
            edits: Vec::new(),
            errors: Vec::new(),
        };
    };
    for item in &all {
        if let (Some(name), Some(params)) = (
            items::function_name(tokens, item),
            items::param_range(tokens, item),
        ) {
            let params = walker.params(params);
            walker.functions.entry(name).or_default().push(params);
        }
    }
    for item in &all {
        match &item.kind {
            ItemKind::Function { body, .. } => {
                let q = items::qualifiers(tokens, item.range.clone());
                let returns = tokens.get(q.type_start).map(|t| t.text.clone());
                walker.block(body.clone(), returns.as_deref());
            }
            ItemKind::Declaration => {
                let q = items::qualifiers(tokens, item.range.clone());
                if !q.opens_block(tokens) && item.range.end > q.type_start {
                    walker.statement(q.type_start..item.range.end - 1, None);
                }
            }
        }
    }
    Widened {
        edits: walker.edits,
        errors: walker.errors,
    }
}

impl Walker<'_> {
    fn params(&self, range: Range<usize>) -> Params {
        let tokens = self.tokens;
        if range.is_empty() || (range.len() == 1 && tokens[range.start].is_ident("void")) {
            return Vec::new();
        }
        split_top(tokens, range, ",")
            .into_iter()
            .map(|p| {
                let words: Vec<&Token> = tokens[p.clone()]
                    .iter()
                    .filter(|t| t.kind == TokenKind::Ident)
                    .collect();
                let input = !words
                    .iter()
                    .any(|t| t.is_ident("out") || t.is_ident("inout"));
                let ty = words
                    .iter()
                    .find(|t| {
                        !items::QUALIFIERS.contains(&t.text.as_str())
                            && !items::PRECISIONS.contains(&t.text.as_str())
                    })
                    .map(|t| t.text.clone());
                let array = tokens[p].iter().any(|t| t.is_punct("["));
                (ty.filter(|_| !array), input)
            })
            .collect()
    }

    /// The statements of a function body (or a nested block).
    fn block(&mut self, range: Range<usize>, returns: Option<&str>) {
        let tokens = self.tokens;
        let mut start = range.start;
        let mut i = range.start;
        while i < range.end {
            let t = &tokens[i];
            let control = ["if", "while", "switch", "for"]
                .iter()
                .any(|k| t.is_ident(k))
                && tokens.get(i + 1).is_some_and(|n| n.is_punct("("));
            if control {
                let Some(close) = items::matching_close(tokens, i + 1, range.end) else {
                    return;
                };
                for part in split_top(tokens, i + 2..close, ";") {
                    self.statement(part, None);
                }
                i = close + 1;
                start = i;
            } else if t.is_punct("{") || t.is_punct("}") || t.is_punct(";") {
                if t.is_punct(";") {
                    self.statement(start..i, returns);
                }
                i += 1;
                start = i;
            } else if t.is_ident("else") || t.is_ident("do") {
                i += 1;
                start = i;
            } else if t.is_ident("case") || t.is_ident("default") {
                i = (i..range.end)
                    .find(|&k| tokens[k].is_punct(":"))
                    .map_or(range.end, |k| k + 1);
                start = i;
            } else if t.is_punct("(") || t.is_punct("[") {
                i = items::matching_close(tokens, i, range.end).map_or(range.end, |c| c + 1);
            } else {
                i += 1;
            }
        }
    }

    /// One statement: a declaration, a `return`, or an expression.
    fn statement(&mut self, range: Range<usize>, returns: Option<&str>) {
        let tokens = self.tokens;
        if range.is_empty() {
            return;
        }
        if tokens[range.start].is_ident("return") {
            let value = range.start + 1..range.end;
            if let (Some(want), false) = (returns, value.is_empty()) {
                let want = Declared {
                    ty: want.to_string(),
                    array: false,
                };
                self.convert_to(&want, value.clone(), tokens[range.start].loc, "return");
            }
            self.expr(value);
            return;
        }
        // `[const] [precision] T name [..] [= init], name2 = init2`
        let mut k = range.start;
        while k < range.end
            && (items::QUALIFIERS.contains(&tokens[k].text.as_str())
                || items::PRECISIONS.contains(&tokens[k].text.as_str())
                || tokens[k].is_ident("const"))
        {
            k += 1;
        }
        let declares = k + 1 < range.end
            && tokens[k].kind == TokenKind::Ident
            && tokens[k + 1].kind == TokenKind::Ident
            && (super::super::arrays::is_builtin_type(&tokens[k].text)
                || self.types.structs.contains_key(&tokens[k].text));
        if !declares {
            self.expr(range);
            return;
        }
        for declarator in split_top(tokens, k + 1..range.end, ",") {
            let Some(eq) = declarator.clone().find(|&i| tokens[i].is_punct("=")) else {
                continue;
            };
            let array = tokens[declarator.start..eq].iter().any(|t| t.is_punct("["));
            let want = Declared {
                ty: tokens[k].text.clone(),
                array,
            };
            let init = eq + 1..declarator.end;
            self.convert_to(&want, init.clone(), tokens[eq].loc, "=");
            self.expr(init);
        }
    }

    fn type_of(&self, range: Range<usize>) -> Option<Declared> {
        exprs::type_of(&self.types, self.tokens, range).filter(|d| !d.array)
    }

    /// `value` goes where a `want` is expected: widened when it is the 16-bit form of it,
    /// an error when it would be narrowed.
    fn convert_to(&mut self, want: &Declared, value: Range<usize>, loc: Loc, op: &str) {
        if want.array || value.is_empty() {
            return;
        }
        let Some(got) = self.type_of(value.clone()) else {
            return;
        };
        let (got_wide, got_half) = widened(&got.ty);
        let (_, want_half) = widened(&want.ty);
        if got_half && !want_half && got_wide == want.ty {
            self.wrap(value, &got_wide);
        } else if want_half && !got_half && exprs::scalar_type(&got.ty).is_some_and(|s| s != "bool")
        {
            self.errors.push(error_at(
                "E-DIALECT",
                format!(
                    "`{op}`: cannot convert from `{}` to `{}` implicitly",
                    got.ty, want.ty
                ),
                loc,
                format!(
                    "GLSL never narrows to 16 bits implicitly; write `{}(...)`, or a 16-bit literal (`1.0hf`)",
                    want.ty
                ),
            ));
        }
    }

    /// `ty ( tokens[range] )`.
    fn wrap(&mut self, range: Range<usize>, ty: &str) {
        let loc = self.tokens[range.start].loc;
        self.edits
            .push(Edit::insert(range.start, gen(&format!("{ty} ("), loc)));
        self.edits.push(Edit::insert(range.end, gen(")", loc)));
    }

    /// Walk an expression: conversions at each operator and call inside it.
    fn expr(&mut self, range: Range<usize>) {
        let tokens = self.tokens;
        if range.is_empty() {
            return;
        }
        let mut question = None;
        let mut assignment = None;
        let mut commas = Vec::new();
        let mut binary: Vec<usize> = Vec::new();
        let mut i = range.start;
        while i < range.end {
            let t = &tokens[i];
            if t.is_punct("(") || t.is_punct("[") {
                let Some(close) = items::matching_close(tokens, i, range.end) else {
                    return;
                };
                i = close;
            } else if t.is_punct(",") {
                commas.push(i);
            } else if t.kind == TokenKind::Punct && ASSIGNMENTS.contains(&t.text.as_str()) {
                assignment.get_or_insert(i);
            } else if t.is_punct("?") {
                question.get_or_insert(i);
            } else if t.kind == TokenKind::Punct
                && i > range.start
                && ends_operand(&tokens[i - 1])
                && precedence(&t.text).is_some()
            {
                binary.push(i);
            }
            i += 1;
        }
        if !commas.is_empty() {
            for part in split_top(tokens, range, ",") {
                self.expr(part);
            }
            return;
        }
        if let Some(op) = assignment {
            self.assignment(range, op);
            return;
        }
        if let Some(q) = question {
            let Some(colon) = colon_of(tokens, q, range.end) else {
                return;
            };
            let (then, other) = (q + 1..colon, colon + 1..range.end);
            self.balance(then.clone(), other.clone(), tokens[q].loc, None);
            self.expr(range.start..q);
            self.expr(then);
            self.expr(other);
            return;
        }
        let loosest = binary
            .iter()
            .filter_map(|&k| precedence(&tokens[k].text))
            .min();
        if let Some(level) = loosest {
            let Some(&op) = binary
                .iter()
                .rev()
                .find(|&&k| precedence(&tokens[k].text) == Some(level))
            else {
                return;
            };
            let (left, right) = (range.start..op, op + 1..range.end);
            if !matches!(tokens[op].text.as_str(), "<<" | ">>" | "&&" | "||" | "^^") {
                self.balance(
                    left.clone(),
                    right.clone(),
                    tokens[op].loc,
                    Some(&tokens[op].text),
                );
            }
            self.expr(left);
            self.expr(right);
            return;
        }
        let first = &tokens[range.start];
        if ["-", "+", "~", "!", "++", "--"]
            .iter()
            .any(|p| first.is_punct(p))
        {
            self.expr(range.start + 1..range.end);
            return;
        }
        self.postfix(range);
    }

    /// `lhs op= rhs`.
    fn assignment(&mut self, range: Range<usize>, op: usize) {
        let tokens = self.tokens;
        let (lhs, rhs) = (range.start..op, op + 1..range.end);
        if let Some(want) = self.type_of(lhs.clone()) {
            let text = tokens[op].text.clone();
            self.convert_to(&want, rhs.clone(), tokens[op].loc, &text);
        }
        self.expr(lhs);
        self.expr(rhs);
    }

    /// Two operands that must have one type: the 16-bit one widened to the other's 32-bit
    /// type; an error with an integer (`op`: a binary operator, `None`: `?:`).
    fn balance(&mut self, left: Range<usize>, right: Range<usize>, loc: Loc, op: Option<&str>) {
        let (Some(l), Some(r)) = (self.type_of(left.clone()), self.type_of(right.clone())) else {
            return;
        };
        let ((lw, lh), (rw, rh)) = (widened(&l.ty), widened(&r.ty));
        if lh == rh {
            return;
        }
        let (half, half_wide, other) = if lh {
            (left, lw, &r.ty)
        } else {
            (right, rw, &l.ty)
        };
        if is_f32_float(other) {
            self.wrap(half, &half_wide);
        } else if let Some(op) = op.filter(|_| exprs::scalar_type(other).is_some()) {
            self.errors.push(error_at(
                "E-DIALECT",
                format!(
                    "`{op}` with a `{}` and an `{}` operand: no implicit conversion makes them one type",
                    l.ty, r.ty
                ),
                loc,
                "GLSL converts neither integers to 16-bit floats nor 16-bit floats to integers; convert explicitly (`float16_t(i)`)",
            ));
        }
    }

    /// A primary and its suffixes: calls, parentheses, indices.
    fn postfix(&mut self, range: Range<usize>) {
        let tokens = self.tokens;
        let first = &tokens[range.start];
        let mut i = range.start;
        if first.is_punct("(") {
            let Some(close) = items::matching_close(tokens, i, range.end) else {
                return;
            };
            self.expr(i + 1..close);
            i = close + 1;
        } else if first.kind == TokenKind::Ident {
            i += 1;
            // An array constructor `float[2](...)`.
            let mut array = false;
            if tokens.get(i).is_some_and(|t| t.is_punct("["))
                && super::super::arrays::is_builtin_type(&first.text)
            {
                if let Some(close) = items::matching_close(tokens, i, range.end) {
                    array = tokens.get(close + 1).is_some_and(|t| t.is_punct("("));
                    if array {
                        i = close + 1;
                    }
                }
            }
            if i < range.end && tokens[i].is_punct("(") {
                let Some(close) = items::matching_close(tokens, i, range.end) else {
                    return;
                };
                self.call(range.start, array, i + 1..close, tokens[close].loc);
                i = close + 1;
            }
        }
        while i < range.end {
            let t = &tokens[i];
            if t.is_punct("[") {
                let Some(close) = items::matching_close(tokens, i, range.end) else {
                    return;
                };
                self.expr(i + 1..close);
                i = close + 1;
            } else if t.is_punct(".") && tokens.get(i + 2).is_some_and(|n| n.is_punct("(")) {
                // `.length()`
                i += 4;
            } else {
                i += 1;
            }
        }
    }

    /// The call of `tokens[name]` with `args` (an array constructor when `array`).
    fn call(&mut self, name_at: usize, array: bool, args: Range<usize>, close: Loc) {
        let tokens = self.tokens;
        let name = tokens[name_at].text.as_str();
        let parts = if args.is_empty() {
            Vec::new()
        } else {
            split_top(tokens, args, ",")
        };
        let types: Vec<Option<Declared>> = parts.iter().map(|p| self.type_of(p.clone())).collect();
        let half = |d: &Option<Declared>| d.as_ref().is_some_and(|d| widened(&d.ty).1);
        let wide_float = |d: &Option<Declared>| d.as_ref().is_some_and(|d| is_f32_float(&d.ty));
        let user = self.functions.get(name).cloned();
        if array {
            let element = Declared {
                ty: name.to_string(),
                array: false,
            };
            for part in &parts {
                self.convert_to(&element, part.clone(), tokens[name_at].loc, name);
            }
        } else if let Some(members) = self.types.structs.get(name).cloned() {
            for (part, (_, member)) in parts.iter().zip(members.iter()) {
                self.convert_to(member, part.clone(), tokens[name_at].loc, name);
            }
        } else if let Some(overloads) = user.filter(|_| !is_builtin_function(name)) {
            let fitting: Vec<&Params> = overloads
                .iter()
                .filter(|p| p.len() == parts.len())
                .collect();
            let exact = fitting.iter().any(|params| {
                params.iter().zip(&types).all(|((p, _), a)| {
                    p.is_none() || a.as_ref().is_some_and(|a| Some(&a.ty) == p.as_ref())
                })
            });
            if let ([params], false) = (fitting.as_slice(), exact) {
                for (part, (ty, input)) in parts.iter().zip(params.iter()) {
                    if let (Some(ty), true) = (ty, *input) {
                        let want = Declared {
                            ty: ty.clone(),
                            array: false,
                        };
                        self.convert_to(&want, part.clone(), close, name);
                    }
                }
            }
        } else if types.iter().any(half)
            && (is_builtin_function(name) || !super::super::arrays::is_builtin_type(name))
        {
            let mixed = types.iter().any(wide_float);
            let overloaded = has_f16_overload(name);
            if mixed && DOUBLE_OVERLOADED.contains(&name) {
                self.errors.push(error_at(
                    "E-DIALECT",
                    format!("`{name}()` with 16-bit and 32-bit float arguments is ambiguous"),
                    tokens[name_at].loc,
                    "GLSL widens both to `float` and to `double`; convert the arguments to one type",
                ));
            } else if mixed || !overloaded {
                for (part, ty) in parts.iter().zip(&types) {
                    if let Some(ty) = ty.as_ref().filter(|d| widened(&d.ty).1) {
                        let wide = widened(&ty.ty).0;
                        self.wrap(part.clone(), &wide);
                    }
                }
            }
        }
        for part in parts {
            self.expr(part);
        }
    }
}

/// Whether `t` can end an operand (so that an operator after it is binary).
fn ends_operand(t: &Token) -> bool {
    matches!(t.kind, TokenKind::Ident | TokenKind::Int | TokenKind::Float)
        || t.is_punct(")")
        || t.is_punct("]")
        || t.is_punct("++")
        || t.is_punct("--")
}

/// The `:` of the `?` at `q` (nested conditionals skipped).
fn colon_of(tokens: &[Token], q: usize, end: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut i = q + 1;
    while i < end {
        let t = &tokens[i];
        if t.is_punct("(") || t.is_punct("[") {
            i = items::matching_close(tokens, i, end)?;
        } else if t.is_punct("?") {
            depth += 1;
        } else if t.is_punct(":") {
            if depth == 0 {
                return Some(i);
            }
            depth -= 1;
        }
        i += 1;
    }
    None
}
