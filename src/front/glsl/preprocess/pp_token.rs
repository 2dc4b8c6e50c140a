//! A token on its way through the preprocessor, and how a lexer token becomes one.
//!
//! The lexer also returns what is not a GLSL token (strings, stray characters, malformed
//! numbers) so that the preprocessor can skip it in an inactive branch; [`convert_raw`] turns
//! it into the diagnostic where it counts.

use super::lexer::{self, Invalid, RawKind, RawToken};
use super::token::{Token, TokenKind};
use crate::diagnostic::Diagnostic;
use crate::source::{FileId, Loc};

/// The diagnostic code of every preprocessor error.
pub(super) const CODE: &str = "E-PP";

/// A token on its way through the preprocessor.
#[derive(Clone, Debug)]
pub(super) struct PpToken {
    pub(super) token: Token,
    /// "Painted blue": it names a macro that was being expanded when it was read, so it is
    /// never expanded again. This is what makes `#define A A + 1` stop.
    pub(super) no_expand: bool,
}

impl PpToken {
    pub(super) fn new(kind: TokenKind, text: impl Into<String>, loc: Loc) -> Self {
        PpToken {
            token: Token {
                kind,
                text: text.into(),
                loc,
                from_macro: false,
            },
            no_expand: false,
        }
    }

    pub(super) fn is_punct(&self, text: &str) -> bool {
        self.token.is_punct(text)
    }

    pub(super) fn text(&self) -> &str {
        &self.token.text
    }

    pub(super) fn loc(&self) -> Loc {
        self.token.loc
    }
}

/// Turns a raw token into a GLSL token, or into the diagnostic saying why it is not one.
pub(super) fn convert_raw(
    file: FileId,
    source: &str,
    raw: &RawToken,
) -> Result<PpToken, Diagnostic> {
    let loc = Loc::new(file, raw.start..raw.end);
    let text = lexer::token_text(source, raw);
    let (message, label) = match raw.kind {
        RawKind::Token(kind) => return Ok(PpToken::new(kind, text, loc)),
        RawKind::Str => (
            format!("string {text} in GLSL code"),
            "GLSL has no strings; quotes are only allowed in `#include \"file\"`".to_string(),
        ),
        RawKind::Invalid(Invalid::Char) => {
            let shown = text
                .chars()
                .next()
                .map_or_else(String::new, |c| c.escape_debug().to_string());
            if text.is_ascii() {
                (
                    format!("invalid character `{shown}` in GLSL code"),
                    "not a GLSL character".to_string(),
                )
            } else {
                (
                    format!("non-ASCII character `{shown}` in GLSL code"),
                    "GLSL allows non-ASCII characters only in comments".to_string(),
                )
            }
        }
        RawKind::Invalid(Invalid::NumberSuffix) => (
            format!("invalid number `{text}`"),
            "not a GLSL number (the suffixes are `u`, `f`, `lf` and `hf`)".to_string(),
        ),
        RawKind::Invalid(Invalid::OctalDigit) => (
            format!("invalid digit in octal number `{text}`"),
            "a leading `0` makes a number octal; remove the `0`".to_string(),
        ),
        RawKind::Invalid(Invalid::UnterminatedString) => (
            format!("unterminated string `{text}`"),
            "the closing `\"` is missing on this line".to_string(),
        ),
        RawKind::UnterminatedComment => (
            "unterminated block comment".to_string(),
            "this `/*` is never closed with `*/`".to_string(),
        ),
    };
    Err(crate::diagnostic::error_at(CODE, message, loc, label))
}
