//! Tokens shared by the preprocessor and the dialect layer.
//!
//! A token keeps its exact source text (so numbers print back exactly as the user wrote them)
//! and the [`Loc`] of the text that produced it in the *user's* file. A token produced by a
//! macro expansion carries the location of the macro invocation (the name, through the closing
//! parenthesis for function-like macros), because that is the line a user reads as the cause.

use crate::source::Loc;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TokenKind {
    /// Identifiers and keywords alike: GLSL's keyword set depends on the version, so the
    /// dialect layer decides what is a keyword.
    Ident,
    /// Integer literal, any base, with its suffix (`12`, `0x1F`, `3u`).
    Int,
    /// Floating literal with its suffix (`1.0`, `.5`, `1e3`, `2.0f`, `1.0lf`).
    Float,
    /// Operator or punctuation, longest match (`+=`, `<<=`, `++`, `&&`, `^^`, `.`, `{`...).
    Punct,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    pub kind: TokenKind,
    pub text: String,
    pub loc: Loc,
    /// True when the token came out of a macro expansion (its `loc` is then the invocation).
    pub from_macro: bool,
}

impl Token {
    pub fn is_ident(&self, text: &str) -> bool {
        self.kind == TokenKind::Ident && self.text == text
    }

    pub fn is_punct(&self, text: &str) -> bool {
        self.kind == TokenKind::Punct && self.text == text
    }
}
