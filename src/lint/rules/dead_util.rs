//! Helpers shared by the `DEAD` rules: the user's source text around declarations. A use
//! the preprocessor removed leaves no trace in the IR, and the dialect layer records one
//! location for the block it gathers loose uniforms into, so both are looked up in the text.

use crate::lint::Context;
use crate::source::Loc;

/// Whether `name` appears as a whole word inside a preprocessor conditional (`#if`,
/// `#ifdef`, `#ifndef` … `#endif`) of any of the user's files: a use the preprocessor may
/// have removed, so "never used" cannot be claimed.
pub fn used_under_preprocessor_conditional(context: &Context, name: &str) -> bool {
    let files = &context.compilation.files;
    (0..files.len()).any(|id| {
        let mut depth = 0usize;
        for line in files.get(id).text.lines() {
            let trimmed = line.trim_start();
            if let Some(directive) = trimmed.strip_prefix('#') {
                let directive = directive.trim_start();
                if directive.starts_with("if") {
                    depth += 1;
                } else if directive.starts_with("endif") {
                    depth = depth.saturating_sub(1);
                }
                continue;
            }
            if depth > 0 && contains_word(line, name) {
                return true;
            }
        }
        false
    })
}

/// Whether `text` contains `word` delimited by non-identifier characters.
pub fn contains_word(text: &str, word: &str) -> bool {
    find_word(text, word).is_some()
}

/// The byte offset of the first whole-word `word` in `text`.
pub fn find_word(text: &str, word: &str) -> Option<usize> {
    if word.is_empty() {
        return None;
    }
    let ident = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(at) = text[from..].find(word) {
        let start = from + at;
        let end = start + word.len();
        let before = start == 0 || !ident(bytes[start - 1]);
        let after = end == bytes.len() || !ident(bytes[end]);
        if before && after {
            return Some(start);
        }
        from = start + 1;
        while !text.is_char_boundary(from) {
            from += 1;
        }
    }
    None
}

/// The location of `name` in the declaration starting at `decl` (up to its `;`), or `decl`.
pub fn name_in_declaration(context: &Context, decl: Loc, name: &str) -> Loc {
    let text = &context.compilation.files.get(decl.file).text;
    let Some(rest) = text.get(decl.start as usize..) else {
        return decl;
    };
    let statement = &rest[..rest.find(';').unwrap_or(rest.len())];
    match find_word(statement, name) {
        Some(at) => {
            let start = decl.start as usize + at;
            Loc::new(decl.file, start..start + name.len())
        }
        None => decl,
    }
}

/// The location of the loose `uniform` declaring `name` in the user's files (the dialect
/// layer gathers loose uniforms into one generated block and records only its first one).
pub fn loose_uniform_loc(context: &Context, name: &str) -> Option<Loc> {
    let files = &context.compilation.files;
    for id in 0..files.len() {
        let text = &files.get(id).text;
        let mut from = 0;
        while let Some(at) = text[from..].find("uniform") {
            let start = from + at;
            from = start + "uniform".len();
            let statement_end = text[start..]
                .find([';', '{'])
                .map(|e| start + e)
                .unwrap_or(text.len());
            if text[statement_end..].starts_with('{') {
                continue;
            }
            let statement = &text[start..statement_end];
            if let Some(offset) = find_word(statement, name) {
                // `uniform` must start a declaration (not be part of a comment or a name).
                let line_start = text[..start].rfind('\n').map(|i| i + 1).unwrap_or(0);
                let prefix = text[line_start..start].trim();
                if !prefix.is_empty() && !prefix.ends_with(';') && !prefix.ends_with(')') {
                    continue;
                }
                let s = start + offset;
                return Some(Loc::new(id, s..s + name.len()));
            }
        }
    }
    None
}
