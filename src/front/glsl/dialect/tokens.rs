//! The token helpers every rewrite uses: generated tokens, renamed tokens, fresh names, and
//! edits of the token stream.
//!
//! The dialect layer never builds text: it replaces ranges of tokens by other tokens, and
//! every token it generates carries the [`Loc`] of the user's text it stands for, so naga's
//! spans still point at the user's line. Generated tokens are marked `from_macro` (they are
//! not the literal text at their location).
//!
//! Traps:
//! - Edits are collected while the tokens stay as they are, and applied once ([`apply`]),
//!   sorted by position: indices stay valid while a pass reads. Two edits at the same
//!   position apply in the order they were made; an edit that overlaps an earlier one is
//!   dropped, so a pass must not make two edits of the same tokens.
//! - A generated name ([`Names::fresh`]) avoids every identifier the user wrote, but not the
//!   other generated names: give each generated name its own base.

use std::collections::HashSet;
use std::ops::Range;

use crate::front::glsl::preprocess::{Token, TokenKind};
use crate::source::Loc;

/// A replacement of `tokens[start..end]` by `insert`.
pub(crate) struct Edit {
    pub start: usize,
    pub end: usize,
    pub insert: Vec<Token>,
}

impl Edit {
    /// `tokens[range]` becomes `insert`.
    pub fn replace(range: Range<usize>, insert: Vec<Token>) -> Self {
        Edit {
            start: range.start,
            end: range.end,
            insert,
        }
    }

    /// `tokens[range]` goes.
    pub fn delete(range: Range<usize>) -> Self {
        Edit::replace(range, Vec::new())
    }

    /// `insert` goes before `tokens[at]`.
    pub fn insert(at: usize, insert: Vec<Token>) -> Self {
        Edit::replace(at..at, insert)
    }
}

/// The tokens with the edits made (see the module docs for their order).
pub(crate) fn apply(tokens: Vec<Token>, mut edits: Vec<Edit>) -> Vec<Token> {
    edits.sort_by_key(|e| (e.start, e.end));
    let mut out = Vec::with_capacity(tokens.len() + 64);
    let mut pos = 0;
    for edit in edits {
        if edit.start < pos {
            // Overlapping edits would be a bug in this module; keep the first.
            continue;
        }
        out.extend_from_slice(&tokens[pos..edit.start]);
        out.extend(edit.insert);
        pos = edit.end;
    }
    out.extend_from_slice(&tokens[pos.min(tokens.len())..]);
    out
}

/// Tokens for generated text: `words` is split on spaces; every token gets `loc`.
pub(crate) fn gen(words: &str, loc: Loc) -> Vec<Token> {
    words
        .split_whitespace()
        .map(|w| Token {
            kind: match w.chars().next() {
                Some(c) if c.is_ascii_digit() && w.contains('.') => TokenKind::Float,
                Some(c) if c.is_ascii_digit() => TokenKind::Int,
                Some(c) if c.is_ascii_alphabetic() || c == '_' => TokenKind::Ident,
                _ => TokenKind::Punct,
            },
            text: w.to_string(),
            loc,
            from_macro: true,
        })
        .collect()
}

/// `name ( inner )`: generated call tokens around `inner`, all at `loc`.
pub(super) fn call(name: &str, inner: impl IntoIterator<Item = Token>, loc: Loc) -> Vec<Token> {
    let mut out = gen(&format!("{name} ("), loc);
    out.extend(inner);
    out.extend(gen(")", loc));
    out
}

/// `token` with other text; marked synthesized (`from_macro`) since it is no longer the
/// literal text at its location.
pub(super) fn renamed(token: &Token, text: &str) -> Token {
    Token {
        text: text.to_string(),
        from_macro: token.from_macro || text != token.text,
        ..token.clone()
    }
}

/// Every identifier of the shader as the user wrote it, so that generated names avoid them.
pub(super) struct Names(HashSet<String>);

impl Names {
    pub fn of(tokens: &[Token]) -> Self {
        Names(
            tokens
                .iter()
                .filter(|t| t.kind == TokenKind::Ident)
                .map(|t| t.text.clone())
                .collect(),
        )
    }

    /// `base`, with `_` appended until no identifier of the shader has that name.
    pub fn fresh(&self, base: &str) -> String {
        let mut name = base.to_string();
        while self.0.contains(&name) {
            name.push('_');
        }
        name
    }
}

/// The words of each marker comment `{marker} word word ...*/` in `text` (the upgraded GLSL
/// naga read), in order: how a rewrite that needs naga's module tells the step after the
/// parse what it changed (`image_arrays`, `memory`).
pub(crate) fn marker_words<'t>(
    text: &'t str,
    marker: &'t str,
) -> impl Iterator<Item = std::str::SplitWhitespace<'t>> + 't {
    text.split(marker)
        .skip(1)
        .filter_map(|chunk| chunk.split_once("*/"))
        .map(|(body, _)| body.split_whitespace())
}

/// The preprocessed tokens of `source` (a fragment shader named `t.frag`), for the passes'
/// unit tests.
#[cfg(test)]
pub(crate) fn lex(source: &str) -> Vec<Token> {
    use crate::front::glsl::preprocess::{preprocess, PreprocessOptions};
    use crate::source::{SourceFile, SourceFiles};
    let mut files = SourceFiles::new();
    let root = files.add(SourceFile::new("t.frag", None, source));
    match preprocess(&mut files, root, &PreprocessOptions::default()) {
        Ok(pre) => pre.tokens,
        Err(e) => panic!("preprocess failed: {e:?}"),
    }
}
