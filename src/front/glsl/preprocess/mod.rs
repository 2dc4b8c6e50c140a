//! The GLSL preprocessor: `#include`, `#define`, conditionals, and line mapping.
//!
//! In: the root file in [`SourceFiles`], options (`-D`, `-I`), and a loader for includes.
//! Out: [`Preprocessed`]: the active tokens after macro expansion, each carrying the [`Loc`] of
//! the user's text that produced it, plus the `#version`, `#extension` and `#pragma`
//! directives that the dialect layer needs.
//!
//! Why prism has its own preprocessor instead of naga's (pp-rs): pp-rs has no `#include`, and
//! the tokens it expands from a macro carry the location of the `#define`, not of the use,
//! so every diagnostic and per-line count inside a macro would land on the wrong line.
//!
//! Traps:
//! - The predefined macros depend on the `#version` line (`GL_ES`, `__VERSION__`), which must
//!   be the first directive; nothing before it may be a token.
//! - Inputs are hostile: 10 000 nested `#if`s, self-referential macros, include cycles and
//!   50 MB files must end in a diagnostic, never a stack overflow or a hang.

mod directive;
mod expr;
mod include;
mod lexer;
mod macros;
#[cfg(test)]
mod tests;
pub mod token;

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::rc::Rc;

use crate::diagnostic::{Diagnostic, Label};
use crate::source::{FileId, Loc, SourceFiles};
pub(crate) use expr::parse_int;
use lexer::{Invalid, Lexer, RawKind, RawToken};
use macros::MacroTable;
pub use token::{Token, TokenKind};

/// `#version 300 es` as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VersionDirective {
    pub number: u32,
    /// `es`, `core` or `compatibility`, when given.
    pub profile: Option<String>,
    pub loc: Loc,
}

/// `#extension NAME : behavior` as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExtensionDirective {
    pub name: String,
    pub behavior: String,
    pub loc: Loc,
}

#[derive(Clone, Debug, Default)]
pub struct PreprocessOptions {
    /// `-D NAME[=VALUE]`; a define without a value is `1`. These override predefined macros.
    pub defines: Vec<(String, Option<String>)>,
    /// `-I DIR`, searched in order after the including file's own directory (for `"file"`)
    /// and only these (for `<file>`).
    pub include_dirs: Vec<PathBuf>,
    /// Macros defined before the first line, after the version-dependent ones
    /// (the dialect layer passes `VULKAN`, supported-extension macros, ...).
    pub predefined: Vec<(String, String)>,
    /// Whether a file without `#version` is GLSL ES 1.00 (WebGL) rather than desktop 110:
    /// decides whether `GL_ES` is defined.
    pub no_version_is_es: bool,
}

#[derive(Clone, Debug, Default)]
pub struct Preprocessed {
    /// The active tokens, in order, macros expanded, directives and comments removed.
    pub tokens: Vec<Token>,
    pub version: Option<VersionDirective>,
    pub extensions: Vec<ExtensionDirective>,
    /// `#pragma` lines, as the tokens after `pragma`.
    pub pragmas: Vec<(Vec<Token>, Loc)>,
    /// Every file that was included, in first-include order (the root is not listed).
    pub includes: Vec<FileId>,
}

/// The diagnostic code of every preprocessor error.
const CODE: &str = "E-PP";
/// After this many errors the rest is mostly noise (one missing `#endif` can cascade): stop.
const MAX_ERRORS: usize = 20;

/// Preprocess `root` (already in `files`); included files are read from disk and added to
/// `files`. All errors found are returned, not only the first, where the preprocessor can
/// go on after one.
pub fn preprocess(
    files: &mut SourceFiles,
    root: FileId,
    options: &PreprocessOptions,
) -> Result<Preprocessed, Vec<Diagnostic>> {
    if root >= files.len() {
        return Err(vec![Diagnostic::error().with_code(CODE).with_message(
            format!("internal error: file id {root} is not in the source table"),
        )]);
    }
    Preprocessor::new(files, root, options).run()
}

/// A token on its way through the preprocessor.
#[derive(Clone, Debug)]
struct PpToken {
    token: Token,
    /// "Painted blue": it names a macro that was being expanded when it was read, so it is
    /// never expanded again. This is what makes `#define A A + 1` stop.
    no_expand: bool,
}

impl PpToken {
    fn new(kind: TokenKind, text: impl Into<String>, loc: Loc) -> Self {
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

    fn is_punct(&self, text: &str) -> bool {
        self.token.is_punct(text)
    }

    fn text(&self) -> &str {
        &self.token.text
    }

    fn loc(&self) -> Loc {
        self.token.loc
    }
}

/// Turns a raw token into a GLSL token, or into the diagnostic saying why it is not one.
fn convert_raw(file: FileId, source: &str, raw: &RawToken) -> Result<PpToken, Diagnostic> {
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
            "not a GLSL number (the suffixes are `u`, `f` and `lf`)".to_string(),
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

/// One open `#if` group.
#[derive(Debug)]
struct Condition {
    /// `#if`/`#ifdef`/`#ifndef` through the directive name: where an unterminated group is reported.
    loc: Loc,
    directive: &'static str,
    branch: Branch,
    else_seen: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Branch {
    /// The lines of this branch are active.
    Taking,
    /// No branch taken yet: a later `#elif` or `#else` may be.
    Waiting,
    /// A branch was taken: the rest are skipped.
    Done,
    /// The whole group lies in a skipped branch.
    Dead,
}

/// One file being read: the root, or an `#include`d one.
struct FileContext {
    file: FileId,
    lexer: Lexer,
    /// `conditions.len()` when the file was entered: its own `#if` groups lie above.
    condition_base: usize,
}

/// Whether the version-dependent macros (`__VERSION__`, `GL_ES`) and the option macros exist yet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Predefined {
    NotYet,
    /// Defined for a shader without `#version`, at its first token or directive.
    WithoutVersion,
    FromVersion,
}

struct Preprocessor<'a> {
    files: &'a mut SourceFiles,
    root: FileId,
    options: &'a PreprocessOptions,
    diagnostics: Vec<Diagnostic>,
    error_count: usize,
    /// Going on would only add noise (error cap) or unbounded work (expansion limits).
    halted: bool,
    macros: MacroTable,
    conditions: Vec<Condition>,
    /// The root at the bottom, the file being read on top; an explicit stack, not recursion.
    file_stack: Vec<FileContext>,
    texts: HashMap<FileId, Rc<str>>,
    pragma_once: HashSet<FileId>,
    included: HashSet<FileId>,
    /// Canonical root path and its directory: include display names and self-inclusion.
    root_path: Option<PathBuf>,
    root_dir: Option<PathBuf>,
    predefined: Predefined,
    /// A non-directive token was produced: `#version` is too late from here on.
    seen_token: bool,
    out: Preprocessed,
}

impl<'a> Preprocessor<'a> {
    fn new(files: &'a mut SourceFiles, root: FileId, options: &'a PreprocessOptions) -> Self {
        let root_path = files
            .get(root)
            .path
            .as_ref()
            .and_then(|path| std::fs::canonicalize(path).ok());
        let root_dir = root_path
            .as_ref()
            .and_then(|path| path.parent())
            .map(|dir| dir.to_path_buf());
        Preprocessor {
            files,
            root,
            options,
            diagnostics: Vec::new(),
            error_count: 0,
            halted: false,
            macros: MacroTable::new(),
            conditions: Vec::new(),
            file_stack: Vec::new(),
            texts: HashMap::new(),
            pragma_once: HashSet::new(),
            included: HashSet::new(),
            root_path,
            root_dir,
            predefined: Predefined::NotYet,
            seen_token: false,
            out: Preprocessed::default(),
        }
    }

    fn run(mut self) -> Result<Preprocessed, Vec<Diagnostic>> {
        self.enter_file(self.root);
        while !self.halted {
            let Some(context) = self.file_stack.last_mut() else {
                break;
            };
            match context.lexer.next_token() {
                Some(raw) => self.step(raw),
                None => self.leave_file(),
            }
        }
        if self.error_count > 0 {
            Err(self.diagnostics)
        } else {
            Ok(self.out)
        }
    }

    /// One token at the file level: a directive, a skipped token, or an active one.
    fn step(&mut self, raw: RawToken) {
        let Some((file, source)) = self.current_source() else {
            return;
        };
        if raw.kind == RawKind::UnterminatedComment {
            // Reported even in skipped branches: the comment swallows the rest of the file.
            if let Err(diagnostic) = convert_raw(file, &source, &raw) {
                self.report(diagnostic);
            }
            return;
        }
        if raw.line_start && raw.is_punct("#", &source) {
            self.directive(raw);
            return;
        }
        if self.skipping() {
            return;
        }
        self.ensure_predefined();
        self.seen_token = true;
        match convert_raw(file, &source, &raw) {
            Ok(token)
                if token.token.kind == TokenKind::Ident && self.macros.contains(token.text()) =>
            {
                self.expand_from_file(token);
            }
            Ok(token) => self.out.tokens.push(token.token),
            Err(diagnostic) => self.report(diagnostic),
        }
    }

    fn current_source(&self) -> Option<(FileId, Rc<str>)> {
        let context = self.file_stack.last()?;
        Some((context.file, context.lexer.source()))
    }

    fn skipping(&self) -> bool {
        self.conditions
            .last()
            .is_some_and(|condition| condition.branch != Branch::Taking)
    }

    fn enter_file(&mut self, file: FileId) {
        let files = &self.files;
        let text = self
            .texts
            .entry(file)
            .or_insert_with(|| Rc::from(files.get(file).text.as_str()));
        let lexer = Lexer::new(Rc::clone(text));
        self.file_stack.push(FileContext {
            file,
            lexer,
            condition_base: self.conditions.len(),
        });
    }

    fn leave_file(&mut self) {
        let Some(context) = self.file_stack.pop() else {
            return;
        };
        let base = context.condition_base.min(self.conditions.len());
        for condition in self.conditions.split_off(base) {
            self.error(
                condition.loc,
                format!(
                    "unterminated `#{}`: no `#endif` before the end of the file",
                    condition.directive
                ),
                "this group is never closed; add `#endif`",
            );
        }
    }

    fn report(&mut self, diagnostic: Diagnostic) {
        if self.halted {
            return;
        }
        self.diagnostics.push(diagnostic);
        self.error_count += 1;
        if self.error_count >= MAX_ERRORS {
            self.halted = true;
            self.diagnostics
                .push(Diagnostic::note().with_code(CODE).with_message(format!(
                    "stopped after {MAX_ERRORS} preprocessor errors; fix these first"
                )));
        }
    }

    fn error(&mut self, loc: Loc, message: impl std::fmt::Display, label: impl std::fmt::Display) {
        self.report(crate::diagnostic::error_at(CODE, message, loc, label));
    }

    /// An error that has no place in a file (a bad `-D` option).
    fn error_without_location(&mut self, message: impl Into<String>) {
        self.report(
            Diagnostic::error()
                .with_code(CODE)
                .with_message(message.into()),
        );
    }

    /// An error with a second label pointing at an earlier, related place.
    fn error_with_note(
        &mut self,
        loc: Loc,
        message: impl Into<String>,
        label: &str,
        other: Loc,
        other_label: &str,
    ) {
        self.report(
            Diagnostic::error()
                .with_code(CODE)
                .with_message(message.into())
                .with_labels(vec![
                    Label::primary(loc.file, loc.range()).with_message(label),
                    Label::secondary(other.file, other.range()).with_message(other_label),
                ]),
        );
    }

    /// Stops all further work after a limit was hit (the diagnostic is reported first).
    fn halt(&mut self, loc: Loc, message: impl std::fmt::Display, label: impl std::fmt::Display) {
        self.error(loc, message, label);
        self.halted = true;
    }
}
