//! Turning the rewritten token stream back into text, with a map back to the user's files.
//!
//! Layout rule: a token is placed on the output line equal to its source line whenever the
//! output has not passed that line yet, and at its source column when the line has room; so
//! for a single file without rewrites on a line, naga sees the user's line *and* column. When
//! a rewrite lengthens a line, or an included file's lines interleave, the text drifts, which
//! is why every emitted token is also recorded in [`OutputMap`]: naga's spans are byte
//! offsets into this text, and the map turns them back into the user's [`Loc`].

use std::ops::Range;

use crate::front::glsl::preprocess::Token;
use crate::source::{Loc, SourceFiles};

/// For each emitted token, its byte range in the generated text and its user location.
#[derive(Clone, Debug, Default)]
pub struct OutputMap {
    entries: Vec<(u32, u32, Loc, bool)>,
    /// Location used for text that precedes every token (the generated `#version` line).
    pub prologue: Option<Loc>,
}

impl OutputMap {
    /// The user location of a byte range of the generated text: the token containing (or
    /// nearest before) its start, widened to the token holding its end when both are on the
    /// same file.
    pub fn to_user(&self, range: Range<usize>) -> Option<Loc> {
        let first = self.entry_at(range.start)?;
        let last_pos = range.end.saturating_sub(1).max(range.start);
        let last = self.entry_at(last_pos).unwrap_or(first);
        Some(if last.file == first.file && last.start >= first.start {
            first.join(last)
        } else {
            first
        })
    }

    fn entry_at(&self, pos: usize) -> Option<Loc> {
        let pos = pos as u32;
        match self.entries.partition_point(|(start, ..)| *start <= pos) {
            0 => self.entries.first().map(|e| e.2).or(self.prologue),
            n => Some(self.entries[n - 1].2),
        }
    }

    /// Every emitted token: its byte range in the generated text, its user location, and
    /// whether it is synthesized (a macro expansion or generated code) rather than the
    /// literal text at that location.
    pub fn entries(&self) -> impl Iterator<Item = (Range<usize>, Loc, bool)> + '_ {
        self.entries
            .iter()
            .map(|(start, end, loc, synth)| (*start as usize..*end as usize, *loc, *synth))
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// Render `prologue_line` (the `#version` directive) then the tokens.
pub fn emit(files: &SourceFiles, prologue_line: &str, tokens: &[Token]) -> (String, OutputMap) {
    let mut text = String::with_capacity(tokens.len() * 6 + 64);
    text.push_str(prologue_line);
    text.push('\n');
    let mut map = OutputMap::default();
    map.entries.reserve(tokens.len());
    let mut out_line = 2usize;
    let mut line_start = text.len();
    let mut prev: Option<(usize, usize)> = None;

    for token in tokens {
        let file = files.get(token.loc.file);
        let (src_line, src_col) = file.line_col(token.loc.start as usize);
        let same_src_line = prev == Some((token.loc.file, src_line));
        if !same_src_line && prev.is_some() {
            // A new source line: move down to it when the output is above it. A token the
            // dialect layer moved up from a later line (a gathered uniform) or down from an
            // earlier one stays on the current line, so the lines after it realign; a token
            // from another file starts a fresh line.
            let target = if prev.map(|p| p.0) == Some(token.loc.file) {
                src_line.max(out_line)
            } else {
                out_line + 1
            };
            if target > out_line {
                while out_line < target {
                    text.push('\n');
                    out_line += 1;
                }
                line_start = text.len();
            }
        } else if prev.is_none() {
            while out_line < src_line {
                text.push('\n');
                out_line += 1;
            }
            line_start = text.len();
        }
        let col = text.len() - line_start + 1;
        if col < src_col {
            text.extend(std::iter::repeat_n(' ', src_col - col));
        } else if text.len() > line_start && needs_space(&text, &token.text) {
            text.push(' ');
        }
        let start = text.len();
        text.push_str(&token.text);
        map.entries
            .push((start as u32, text.len() as u32, token.loc, token.from_macro));
        prev = Some((token.loc.file, src_line));
    }
    text.push('\n');
    map.prologue = tokens.first().map(|t| t.loc);
    (text, map)
}

/// Whether two tokens written side by side would run together.
fn needs_space(text: &str, next: &str) -> bool {
    let Some(last) = text.chars().last() else {
        return false;
    };
    let Some(first) = next.chars().next() else {
        return false;
    };
    let wordy = |c: char| c.is_ascii_alphanumeric() || c == '_';
    // Two words would fuse into one identifier or number; two operator characters could
    // fuse into one operator (`-` `-` into `--`, `<` `=` into `<=`).
    (wordy(last) && wordy(first)) || ("+-<>&|=!*/%^".contains(last) && "+-<>&|=/*".contains(first))
}
