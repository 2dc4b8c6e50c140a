//! Finding the operand next to an operator or the argument of a call, and its base kind
//! (`float`, `int`, `uint`) from the expression typer [`exprs::scalar_type_of`] when it is
//! certain, `None` otherwise (see the module docs of [`super`] for when an operand stands
//! for its whole side).

use std::ops::Range;

use crate::front::glsl::dialect::exprs::{self, precedence};
use crate::front::glsl::dialect::items;
use crate::front::glsl::dialect::types::Types;
use crate::front::glsl::preprocess::{Token, TokenKind};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Kind {
    Float,
    Int,
    Uint,
}

impl Kind {
    pub(super) fn name(self) -> &'static str {
        match self {
            Kind::Float => "float",
            Kind::Int => "int",
            Kind::Uint => "uint",
        }
    }

    fn of_scalar(scalar: &str) -> Option<Kind> {
        match scalar {
            "float" => Some(Kind::Float),
            "int" => Some(Kind::Int),
            "uint" => Some(Kind::Uint),
            _ => None,
        }
    }
}

/// The base kind of a type name (`None` for `bool`, structs, samplers, ...).
pub(super) fn type_kind(ty: &str) -> Option<Kind> {
    exprs::scalar_type(ty).and_then(Kind::of_scalar)
}

pub(super) const ASSIGNMENTS: &[&str] = &["=", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^="];

/// Operators an operand may contain and still have the kind of its token next to the
/// operator.
const SAME_KIND: &[&str] = &["*", "/", "%", "+", "-", ".", "++", "--", "~"];

pub(super) struct Reader<'a> {
    pub(super) tokens: &'a [Token],
    pub(super) types: &'a Types,
    /// Functions the shader defines itself.
    pub(super) user: std::collections::HashSet<String>,
}

impl Reader<'_> {
    /// Whether `tokens[at]` can end an operand (so the next token is a binary operator).
    pub(super) fn ends_operand(&self, at: usize) -> bool {
        let t = &self.tokens[at];
        match t.kind {
            TokenKind::Int | TokenKind::Float => true,
            TokenKind::Ident => !matches!(t.text.as_str(), "return" | "case" | "else"),
            TokenKind::Punct => t.text == ")" || t.text == "]",
        }
    }

    /// The kind of the left operand of the binary operator at `op`, when the token before
    /// it stands for the whole operand.
    pub(super) fn left_kind(&self, op: usize, level: u8) -> Option<Kind> {
        let start = self.left_extent(op, level)?;
        self.operand_kind(start..op)
    }

    /// The kind of what an assignment at `op` writes: the variable, with its suffixes.
    pub(super) fn assigned_kind(&self, op: usize) -> Option<Kind> {
        let start = self.left_extent(op, 0)?;
        let kind = self.operand_kind(start..op);
        if kind.is_some() {
            return kind;
        }
        // `float x = ...`, `float x[2] = ...`: the declared name.
        let name = &self.tokens[start];
        if start + 1 == op || self.tokens[start + 1].is_punct("[") {
            return self
                .types
                .var_at(&name.text, start)
                .and_then(|d| type_kind(&d.ty));
        }
        None
    }

    /// The kind of the right operand of the operator at `op`.
    pub(super) fn right_kind(&self, op: usize, level: u8) -> Option<Kind> {
        let end = self.right_extent(op, level)?;
        let mut start = op + 1;
        while start < end
            && ["-", "+", "~", "++", "--"]
                .iter()
                .any(|u| self.tokens[start].is_punct(u))
        {
            start += 1;
        }
        // The first operand of the side: up to the first binary operator at depth 0.
        let mut k = start;
        while k < end {
            let t = &self.tokens[k];
            if t.is_punct("(") || t.is_punct("[") {
                k = items::matching_close(self.tokens, k, end)? + 1;
                continue;
            }
            if k > start && t.kind == TokenKind::Punct && precedence(&t.text).is_some() {
                break;
            }
            k += 1;
        }
        self.operand_kind(start..k)
    }

    /// The start of the left side of the operator at `op`, or `None` when the side holds an
    /// operator other than [`SAME_KIND`].
    fn left_extent(&self, op: usize, level: u8) -> Option<usize> {
        let mut k = op;
        while k > 0 {
            let t = &self.tokens[k - 1];
            if t.is_punct(")") || t.is_punct("]") {
                k = items::matching_open(self.tokens, k - 1, 0)?;
                continue;
            }
            if t.kind == TokenKind::Punct {
                let text = t.text.as_str();
                let binary = k >= 2 && self.ends_operand(k - 2);
                match precedence(text) {
                    Some(p) if binary && p <= level => break,
                    Some(_) if SAME_KIND.contains(&text) => {}
                    _ if text == "." || text == "++" || text == "--" || text == "~" => {}
                    _ if matches!(text, "(" | "[" | "{" | "," | ";" | "}" | "?" | ":")
                        || ASSIGNMENTS.contains(&text) =>
                    {
                        break
                    }
                    _ => return None,
                }
            } else if t.kind == TokenKind::Ident
                && (items::QUALIFIERS.contains(&t.text.as_str())
                    || matches!(t.text.as_str(), "return" | "case"))
            {
                break;
            }
            k -= 1;
        }
        // A declaration's type (`float x = ...`) is not part of the operand.
        while k < op
            && self.tokens[k].kind == TokenKind::Ident
            && self
                .tokens
                .get(k + 1)
                .is_some_and(|n| n.kind == TokenKind::Ident)
        {
            k += 1;
        }
        (k < op).then_some(k)
    }

    /// The end of the right side of the operator at `op` (see [`Self::left_extent`]).
    fn right_extent(&self, op: usize, level: u8) -> Option<usize> {
        let mut k = op + 1;
        while k < self.tokens.len() {
            let t = &self.tokens[k];
            if t.is_punct("(") || t.is_punct("[") {
                k = items::matching_close(self.tokens, k, self.tokens.len())? + 1;
                continue;
            }
            if t.kind == TokenKind::Punct {
                let text = t.text.as_str();
                let binary = k > op + 1 && self.ends_operand(k - 1);
                match precedence(text) {
                    // Left-associative: an operator of the same level ends the side.
                    Some(p) if binary && p <= level && level > 0 => break,
                    Some(_) if SAME_KIND.contains(&text) => {}
                    _ if text == "." || text == "++" || text == "--" || text == "~" => {}
                    _ if matches!(text, ")" | "]" | "}" | "," | ";" | ":") => break,
                    _ => return None,
                }
            }
            k += 1;
        }
        (k > op + 1).then_some(k)
    }

    /// The kind of a whole call argument, when it holds nothing but [`SAME_KIND`] operators
    /// at its top level (so its first operand stands for it).
    pub(super) fn argument_kind(&self, range: Range<usize>) -> Option<Kind> {
        let mut k = range.start;
        let mut end = range.end;
        while k < range.end {
            let t = &self.tokens[k];
            if t.is_punct("(") || t.is_punct("[") {
                k = items::matching_close(self.tokens, k, range.end)? + 1;
                continue;
            }
            if t.kind == TokenKind::Punct && !SAME_KIND.contains(&t.text.as_str()) && t.text != "."
            {
                return None;
            }
            let binary = t.kind == TokenKind::Punct
                && precedence(&t.text).is_some()
                && k > range.start
                && self.ends_operand(k - 1);
            if binary && end == range.end {
                end = k;
            }
            k += 1;
        }
        let mut start = range.start;
        while start < end
            && ["-", "+", "~"]
                .iter()
                .any(|u| self.tokens[start].is_punct(u))
        {
            start += 1;
        }
        self.operand_kind(start..end)
    }

    /// The name a declaration `T name = ...` (or `T name[N] = ...`) initializes, for the
    /// `=` at `op`.
    pub(super) fn declared_name(&self, op: usize) -> Option<&Token> {
        let tokens = self.tokens;
        if !tokens[op].is_punct("=") || op < 2 {
            return None;
        }
        let mut name = op - 1;
        if tokens[name].is_punct("]") {
            name = items::matching_open(self.tokens, name, 0)?.checked_sub(1)?;
        }
        let ty = tokens.get(name.checked_sub(1)?)?;
        (tokens[name].kind == TokenKind::Ident
            && ty.kind == TokenKind::Ident
            && !matches!(ty.text.as_str(), "return" | "case" | "else"))
        .then(|| &tokens[name])
    }

    /// The kind of the operand next to an operator: the last primary of a left side (range
    /// ends at the operator) or the first of a right side.
    fn operand_kind(&self, range: Range<usize>) -> Option<Kind> {
        let tokens = self.tokens;
        // The primary: strip to the last (left side) or only (right side) postfix chain.
        let mut start = range.start;
        let mut k = range.start;
        while k < range.end {
            let t = &tokens[k];
            if t.is_punct("(") || t.is_punct("[") {
                k = items::matching_close(tokens, k, range.end)? + 1;
                continue;
            }
            if t.kind == TokenKind::Punct
                && precedence(&t.text).is_some()
                && k > range.start
                && self.ends_operand(k - 1)
            {
                start = k + 1;
            }
            k += 1;
        }
        while start < range.end
            && ["-", "+", "~", "++", "--"]
                .iter()
                .any(|u| tokens[start].is_punct(u))
        {
            start += 1;
        }
        let first = tokens.get(start).filter(|_| start < range.end)?;
        if first.is_punct("(") && items::matching_close(tokens, start, range.end)? + 1 == range.end
        {
            // `( side )`: the kind of the side, on the same terms as a call argument.
            return self.argument_kind(start + 1..range.end - 1);
        }
        exprs::scalar_type_of(self.types, tokens, start..range.end).and_then(Kind::of_scalar)
    }
}
