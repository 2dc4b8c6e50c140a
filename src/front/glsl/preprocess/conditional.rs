//! The conditional directives: `#if`, `#ifdef`, `#ifndef`, `#elif`, `#else` and `#endif`.
//!
//! In: a directive line. Out: the `#if` stack of the preprocessor, whose top says whether the
//! lines read now are active.
//!
//! Traps:
//! - A group inside a skipped branch is `Dead`: its conditions are never evaluated (they may
//!   use macros that do not exist there), only its nesting counts.
//! - `defined NAME` is resolved before macro expansion, so a macro that expands to `defined`
//!   does not count.
//! - Groups belong to their file: an `#endif` cannot close an `#if` of the including file.

use super::directive::Line;
use super::expr;
use super::pp_token::PpToken;
use super::preprocessor::{Branch, Condition, Preprocessor};
use super::token::TokenKind;

impl Preprocessor<'_> {
    /// The index of the innermost `#if` group opened in the current file.
    fn open_condition_index(&self) -> Option<usize> {
        let base = self
            .file_stack
            .last()
            .map_or(0, |context| context.condition_base);
        (self.conditions.len() > base).then(|| self.conditions.len() - 1)
    }

    pub(super) fn open_condition(&mut self, directive: &'static str, line: &Line) {
        let branch = if self.skipping() {
            Branch::Dead
        } else if self.condition_holds(directive, line) {
            Branch::Taking
        } else {
            Branch::Waiting
        };
        self.conditions.push(Condition {
            loc: line.head,
            directive,
            branch,
            else_seen: false,
        });
    }

    fn condition_holds(&mut self, directive: &str, line: &Line) -> bool {
        if directive != "ifdef" && directive != "ifndef" {
            return self.evaluate(directive, line);
        }
        let tokens = self.tokens(line);
        match tokens.first() {
            Some(name) if name.token.kind == TokenKind::Ident => {
                self.no_more_arguments(line, 1, &format!("{directive} NAME"));
                self.macros.contains(name.text()) == (directive == "ifdef")
            }
            _ => {
                self.error(
                    tokens.first().map_or(line.head, PpToken::loc),
                    format!("`#{directive}` needs a macro name"),
                    format!("write `#{directive} NAME`"),
                );
                false
            }
        }
    }

    /// Evaluates an `#if` or `#elif` line.
    fn evaluate(&mut self, directive: &str, line: &Line) -> bool {
        let tokens = self.tokens(line);
        if tokens.is_empty() {
            self.error(
                line.head,
                format!("`#{directive}` without a condition"),
                "write a condition, such as `defined(NAME)` or `__VERSION__ >= 300`",
            );
            return false;
        }
        let Some(resolved) = self.resolve_defined(&tokens) else {
            return false;
        };
        let expanded = self.expand_list(&resolved, 0, line.whole);
        if self.halted {
            return false;
        }
        let es = self.macros.contains("GL_ES");
        match expr::evaluate(&expanded, directive, line.head, es) {
            Ok(value) => value != 0,
            Err(error) => {
                self.error(error.loc, error.message, error.label);
                false
            }
        }
    }

    /// Replaces `defined NAME` and `defined(NAME)` by `1` or `0`, before macro expansion.
    fn resolve_defined(&mut self, tokens: &[PpToken]) -> Option<Vec<PpToken>> {
        let mut out = Vec::with_capacity(tokens.len());
        let mut index = 0;
        while let Some(token) = tokens.get(index) {
            if !token.token.is_ident("defined") {
                out.push(token.clone());
                index += 1;
                continue;
            }
            let parenthesized = tokens.get(index + 1).is_some_and(|t| t.is_punct("("));
            let name_index = index + 1 + usize::from(parenthesized);
            let name = tokens
                .get(name_index)
                .filter(|t| t.token.kind == TokenKind::Ident);
            let end = if parenthesized {
                name_index + 1
            } else {
                name_index
            };
            let closed = !parenthesized || tokens.get(end).is_some_and(|t| t.is_punct(")"));
            let (Some(name), true) = (name, closed) else {
                self.error(
                    token.loc(),
                    "`defined` needs a macro name",
                    "write `defined NAME` or `defined(NAME)`",
                );
                return None;
            };
            let value = if self.macros.contains(name.text()) {
                "1"
            } else {
                "0"
            };
            let loc = tokens
                .get(end)
                .map_or(token.loc(), |last| token.loc().join(last.loc()));
            let mut result = PpToken::new(TokenKind::Int, value, loc);
            result.no_expand = true;
            out.push(result);
            index = end + 1;
        }
        Some(out)
    }

    pub(super) fn elif(&mut self, line: &Line) {
        let Some(index) = self.open_condition_index() else {
            self.error(
                line.head,
                "`#elif` without `#if`",
                "no `#if` group is open in this file",
            );
            return;
        };
        let Some((branch, else_seen)) = self.conditions.get(index).map(|c| (c.branch, c.else_seen))
        else {
            return;
        };
        if else_seen {
            self.error(
                line.head,
                "`#elif` after `#else`",
                "move this `#elif` before the group's `#else`",
            );
            return;
        }
        let branch = match branch {
            Branch::Taking => Branch::Done,
            Branch::Waiting if self.condition_holds("elif", line) => Branch::Taking,
            other => other,
        };
        if let Some(condition) = self.conditions.get_mut(index) {
            condition.branch = branch;
        }
    }

    pub(super) fn else_directive(&mut self, line: &Line) {
        let Some(index) = self.open_condition_index() else {
            self.error(
                line.head,
                "`#else` without `#if`",
                "no `#if` group is open in this file",
            );
            return;
        };
        let Some(condition) = self.conditions.get_mut(index) else {
            return;
        };
        if condition.else_seen {
            self.error(
                line.head,
                "`#else` after `#else`",
                "a group has at most one `#else`",
            );
            return;
        }
        condition.else_seen = true;
        let dead = condition.branch == Branch::Dead;
        condition.branch = match condition.branch {
            Branch::Taking => Branch::Done,
            Branch::Waiting => Branch::Taking,
            other => other,
        };
        if !dead {
            self.no_more_arguments(line, 0, "else");
        }
    }

    pub(super) fn endif(&mut self, line: &Line) {
        if self.open_condition_index().is_none() {
            self.error(
                line.head,
                "`#endif` without `#if`",
                "no `#if` group is open in this file",
            );
            return;
        }
        if self
            .conditions
            .pop()
            .is_some_and(|condition| condition.branch != Branch::Dead)
        {
            self.no_more_arguments(line, 0, "endif");
        }
    }
}
