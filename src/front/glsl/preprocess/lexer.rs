//! GLSL text to raw preprocessing tokens.
//!
//! In: one file's text. Out: [`RawToken`]s, byte ranges into that text with a kind and two
//! layout facts the directive layer needs: whether the token starts a line (a `#` there starts
//! a directive) and whether whitespace came before it (`#define F(x)` is function-like,
//! `#define F (x)` is not).
//!
//! Comments are skipped (a block comment counts as one space, so it never ends a directive
//! line), and line continuations (`\` + newline) are invisible everywhere, even inside a token.
//! The lexer never reports errors itself: a character that is not GLSL comes back as an
//! [`RawKind::Invalid`] token, because whether it is an error depends on whether its line is in
//! an active `#if` branch, which only the caller knows. One pass, no backtracking: linear time.

use std::rc::Rc;

use super::token::TokenKind;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum RawKind {
    Token(TokenKind),
    /// `"..."`: only meaningful as an `#include` file name.
    Str,
    Invalid(Invalid),
    /// `/*` without `*/`; the lexer returns nothing after it.
    UnterminatedComment,
}

/// Why a piece of text is not a GLSL token.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Invalid {
    /// A character GLSL does not use (`@`, `$`, `'`, a stray `\`, non-ASCII).
    Char,
    /// A number followed by letters or digits that are not a valid suffix (`1abc`, `0x`).
    NumberSuffix,
    /// `08`, `09`: a leading zero makes the literal octal.
    OctalDigit,
    /// `"` without a closing `"` on the same line.
    UnterminatedString,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct RawToken {
    pub kind: RawKind,
    pub start: usize,
    pub end: usize,
    /// First token of its line: a `#` here starts a directive.
    pub line_start: bool,
    /// Whitespace or a comment came before it on the same line.
    pub space_before: bool,
}

impl RawToken {
    pub fn is_punct(&self, text: &str, source: &str) -> bool {
        self.kind == RawKind::Token(TokenKind::Punct) && token_text(source, self) == text
    }

    pub fn is_ident(&self) -> bool {
        self.kind == RawKind::Token(TokenKind::Ident)
    }
}

/// The text of a token, with any line continuations inside it removed.
pub(super) fn token_text<'t>(source: &'t str, token: &RawToken) -> std::borrow::Cow<'t, str> {
    let raw = source.get(token.start..token.end).unwrap_or("");
    if raw.contains('\\') {
        std::borrow::Cow::Owned(raw.replace("\\\r\n", "").replace("\\\n", ""))
    } else {
        std::borrow::Cow::Borrowed(raw)
    }
}

const PUNCT3: [&[u8; 3]; 2] = [b"<<=", b">>="];
const PUNCT2: [&[u8; 2]; 20] = [
    b"<<", b">>", b"++", b"--", b"<=", b">=", b"==", b"!=", b"&&", b"||", b"^^", b"+=", b"-=",
    b"*=", b"/=", b"%=", b"&=", b"|=", b"^=", b"##",
];
const PUNCT1: &[u8] = b"+-*/%<>=!~&|^()[]{}.,;:?#";

pub(super) struct Lexer {
    text: Rc<str>,
    /// Always past any line continuation: the byte at `pos` is real text.
    pos: usize,
    at_line_start: bool,
    finished: bool,
    peeked: Option<RawToken>,
}

impl Lexer {
    pub fn new(text: Rc<str>) -> Self {
        let mut lexer = Lexer {
            text,
            pos: 0,
            at_line_start: true,
            finished: false,
            peeked: None,
        };
        // A UTF-8 byte-order mark (editors on Windows write one) is not text: skip it, keeping
        // every later offset the file's own.
        let start = if lexer.text.starts_with('\u{feff}') {
            3
        } else {
            0
        };
        lexer.pos = lexer.skip_continuations(start);
        lexer
    }

    /// The whole text being lexed, shared.
    pub fn source(&self) -> Rc<str> {
        Rc::clone(&self.text)
    }

    pub fn peek(&mut self) -> Option<&RawToken> {
        if self.peeked.is_none() {
            self.peeked = self.lex();
        }
        self.peeked.as_ref()
    }

    pub fn next_token(&mut self) -> Option<RawToken> {
        match self.peeked.take() {
            Some(token) => Some(token),
            None => self.lex(),
        }
    }

    fn bytes(&self) -> &[u8] {
        self.text.as_bytes()
    }

    fn skip_continuations(&self, mut at: usize) -> usize {
        let bytes = self.bytes();
        while bytes.get(at) == Some(&b'\\') {
            match (bytes.get(at + 1), bytes.get(at + 2)) {
                (Some(b'\n'), _) => at += 2,
                (Some(b'\r'), Some(b'\n')) => at += 3,
                _ => break,
            }
        }
        at
    }

    fn current(&self) -> Option<u8> {
        self.bytes().get(self.pos).copied()
    }

    /// The byte `n` real bytes ahead (continuations skipped).
    fn nth(&self, n: usize) -> Option<u8> {
        let mut at = self.pos;
        for _ in 0..n {
            at = self.skip_continuations(at + 1);
        }
        self.bytes().get(at).copied()
    }

    fn bump(&mut self) {
        self.pos = self.skip_continuations(self.pos + 1);
    }

    /// Step over one whole character (a non-ASCII one is several bytes).
    fn bump_char(&mut self) {
        let width = self
            .text
            .get(self.pos..)
            .and_then(|rest| rest.chars().next())
            .map_or(1, char::len_utf8);
        self.pos = self.skip_continuations(self.pos + width);
    }

    fn bump_while(&mut self, keep: impl Fn(u8) -> bool) {
        while self.current().is_some_and(&keep) {
            self.bump();
        }
    }

    /// Skips whitespace and comments; `Err(start)` for a block comment without its end.
    fn skip_trivia(&mut self) -> Result<bool, usize> {
        let mut space = false;
        while let Some(byte) = self.current() {
            match byte {
                b'\n' => {
                    self.bump();
                    self.at_line_start = true;
                    space = true;
                }
                b' ' | b'\t' | b'\r' | 0x0b | 0x0c => {
                    self.bump();
                    space = true;
                }
                b'/' if self.nth(1) == Some(b'/') => {
                    self.bump_while(|b| b != b'\n');
                    space = true;
                }
                b'/' if self.nth(1) == Some(b'*') => {
                    let start = self.pos;
                    self.bump();
                    self.bump();
                    loop {
                        match self.current() {
                            None => return Err(start),
                            Some(b'*') if self.nth(1) == Some(b'/') => {
                                self.bump();
                                self.bump();
                                break;
                            }
                            Some(_) => self.bump(),
                        }
                    }
                    space = true;
                }
                _ => break,
            }
        }
        Ok(space)
    }

    fn lex(&mut self) -> Option<RawToken> {
        if self.finished {
            return None;
        }
        let space_before = match self.skip_trivia() {
            Ok(space) => space,
            Err(start) => {
                self.finished = true;
                return Some(RawToken {
                    kind: RawKind::UnterminatedComment,
                    start,
                    end: (start + 2).min(self.text.len()),
                    line_start: false,
                    space_before: true,
                });
            }
        };
        let first = self.current()?;
        let start = self.pos;
        let line_start = std::mem::replace(&mut self.at_line_start, false);
        let kind = match first {
            b'a'..=b'z' | b'A'..=b'Z' | b'_' => {
                self.bump_while(is_ident_byte);
                RawKind::Token(TokenKind::Ident)
            }
            b'0'..=b'9' => self.number(),
            b'.' if self.nth(1).is_some_and(|b| b.is_ascii_digit()) => self.number(),
            b'"' => self.string(),
            _ => self.punct(),
        };
        Some(RawToken {
            kind,
            start,
            end: self.pos,
            line_start,
            space_before,
        })
    }

    fn punct(&mut self) -> RawKind {
        let ahead = [self.nth(0), self.nth(1), self.nth(2)];
        let matches = |candidate: &[u8]| {
            candidate
                .iter()
                .zip(ahead)
                .all(|(&want, got)| got == Some(want))
        };
        let length = if PUNCT3.iter().any(|p| matches(&p[..])) {
            3
        } else if PUNCT2.iter().any(|p| matches(&p[..])) {
            2
        } else if ahead[0].is_some_and(|b| PUNCT1.contains(&b)) {
            1
        } else {
            self.bump_char();
            return RawKind::Invalid(Invalid::Char);
        };
        for _ in 0..length {
            self.bump();
        }
        RawKind::Token(TokenKind::Punct)
    }

    fn string(&mut self) -> RawKind {
        self.bump();
        loop {
            match self.current() {
                None | Some(b'\n') => return RawKind::Invalid(Invalid::UnterminatedString),
                Some(b'"') => {
                    self.bump();
                    return RawKind::Str;
                }
                Some(_) => self.bump(),
            }
        }
    }

    fn number(&mut self) -> RawKind {
        let hex = self.current() == Some(b'0')
            && matches!(self.nth(1), Some(b'x' | b'X'))
            && self.nth(2).is_some_and(|b| b.is_ascii_hexdigit());
        let mut kind = RawKind::Token(TokenKind::Int);
        if hex {
            self.bump();
            self.bump();
            self.bump_while(|b| b.is_ascii_hexdigit());
            if matches!(self.current(), Some(b'u' | b'U')) {
                self.bump();
            }
        } else {
            let octal = self.current() == Some(b'0');
            let mut bad_octal_digit = false;
            while let Some(digit @ b'0'..=b'9') = self.current() {
                bad_octal_digit |= octal && digit >= b'8';
                self.bump();
            }
            let mut float = false;
            if self.current() == Some(b'.') {
                float = true;
                self.bump();
                self.bump_while(|b| b.is_ascii_digit());
            }
            let exponent = matches!(self.current(), Some(b'e' | b'E'))
                && (self.nth(1).is_some_and(|b| b.is_ascii_digit())
                    || (matches!(self.nth(1), Some(b'+' | b'-'))
                        && self.nth(2).is_some_and(|b| b.is_ascii_digit())));
            if exponent {
                float = true;
                self.bump();
                if matches!(self.current(), Some(b'+' | b'-')) {
                    self.bump();
                }
                self.bump_while(|b| b.is_ascii_digit());
            }
            if float {
                kind = RawKind::Token(TokenKind::Float);
                match (self.current(), self.nth(1)) {
                    (Some(b'f' | b'F'), _) => self.bump(),
                    // `lf` doubles; `hf` 16-bit floats (GL_EXT_shader_explicit_arithmetic_types).
                    (Some(b'l' | b'h'), Some(b'f')) | (Some(b'L' | b'H'), Some(b'F')) => {
                        self.bump();
                        self.bump();
                    }
                    _ => {}
                }
            } else {
                if matches!(self.current(), Some(b'u' | b'U')) {
                    self.bump();
                }
                if bad_octal_digit {
                    kind = RawKind::Invalid(Invalid::OctalDigit);
                }
            }
        }
        if self.current().is_some_and(is_ident_byte) {
            self.bump_while(is_ident_byte);
            kind = RawKind::Invalid(Invalid::NumberSuffix);
        }
        kind
    }
}

fn is_ident_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'_'
}

/// Lexes a whole string (a `-D` value, a pasted token) at once.
pub(super) fn lex_all(text: &Rc<str>) -> Vec<RawToken> {
    let mut lexer = Lexer::new(Rc::clone(text));
    std::iter::from_fn(|| lexer.next_token()).collect()
}
