//! The preprocessor's state and its main loop: one token at a time from the file on top of
//! the include stack, to a directive ([`directive`](super::directive)), a macro expansion
//! ([`expand`](super::expand)) or the output.
//!
//! The other files of this module add `impl Preprocessor` blocks, one per concern; this one
//! holds what they share: the `#if` stack, the file stack, and error reporting with its cap.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::rc::Rc;

use super::lexer::{self, Lexer, RawKind, RawToken};
use super::macros::MacroTable;
use super::options::PreprocessOptions;
use super::output::Preprocessed;
use super::pp_token::{convert_raw, PpToken, CODE};
use super::token::TokenKind;
use crate::diagnostic::{Diagnostic, Label};
use crate::source::{FileId, Loc, SourceFiles};

/// After this many errors the rest is mostly noise (one missing `#endif` can cascade): stop.
pub(super) const MAX_ERRORS: usize = 20;

/// One open `#if` group.
#[derive(Debug)]
pub(super) struct Condition {
    /// `#if`/`#ifdef`/`#ifndef` through the directive name: where an unterminated group is reported.
    pub(super) loc: Loc,
    pub(super) directive: &'static str,
    pub(super) branch: Branch,
    pub(super) else_seen: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Branch {
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
pub(super) struct FileContext {
    pub(super) file: FileId,
    pub(super) lexer: Lexer,
    /// `conditions.len()` when the file was entered: its own `#if` groups lie above.
    pub(super) condition_base: usize,
}

/// Whether the version-dependent macros (`__VERSION__`, `GL_ES`) and the option macros exist yet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Predefined {
    NotYet,
    /// Defined for a shader without `#version`, at its first token or directive.
    WithoutVersion,
    FromVersion,
}

pub(super) struct Preprocessor<'a> {
    pub(super) files: &'a mut SourceFiles,
    pub(super) root: FileId,
    pub(super) options: &'a PreprocessOptions,
    diagnostics: Vec<Diagnostic>,
    error_count: usize,
    /// Going on would only add noise (error cap) or unbounded work (expansion limits).
    pub(super) halted: bool,
    pub(super) macros: MacroTable,
    pub(super) conditions: Vec<Condition>,
    /// The root at the bottom, the file being read on top; an explicit stack, not recursion.
    pub(super) file_stack: Vec<FileContext>,
    texts: HashMap<FileId, Rc<str>>,
    pub(super) pragma_once: HashSet<FileId>,
    pub(super) included: HashSet<FileId>,
    /// Canonical root path and its directory: include display names and self-inclusion.
    pub(super) root_path: Option<PathBuf>,
    pub(super) root_dir: Option<PathBuf>,
    pub(super) predefined: Predefined,
    /// A non-directive token was produced: `#version` is too late from here on.
    pub(super) seen_token: bool,
    pub(super) out: Preprocessed,
}

impl<'a> Preprocessor<'a> {
    pub(super) fn new(
        files: &'a mut SourceFiles,
        root: FileId,
        options: &'a PreprocessOptions,
    ) -> Self {
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

    pub(super) fn run(mut self) -> Result<Preprocessed, Vec<Diagnostic>> {
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
            Err(_) if self.printf_format(raw.kind) => {
                let text = lexer::token_text(&source, &raw);
                let loc = Loc::new(file, raw.start..raw.end);
                self.out
                    .tokens
                    .push(PpToken::new(TokenKind::Punct, text, loc).token);
            }
            Err(diagnostic) => self.report(diagnostic),
        }
    }

    /// Whether a string here is the format of `debugPrintfEXT(` (GL_EXT_debug_printf
    /// enabled): kept as one token, for the dialect layer to drop the call (`printf`).
    fn printf_format(&self, kind: RawKind) -> bool {
        let tokens = &self.out.tokens;
        let enabled = self
            .out
            .extensions
            .iter()
            .any(|e| e.name == "GL_EXT_debug_printf" && e.behavior != "disable");
        kind == RawKind::Str
            && enabled
            && tokens.len() >= 2
            && tokens[tokens.len() - 2].is_ident("debugPrintfEXT")
            && tokens[tokens.len() - 1].is_punct("(")
    }

    pub(super) fn current_source(&self) -> Option<(FileId, Rc<str>)> {
        let context = self.file_stack.last()?;
        Some((context.file, context.lexer.source()))
    }

    pub(super) fn skipping(&self) -> bool {
        self.conditions
            .last()
            .is_some_and(|condition| condition.branch != Branch::Taking)
    }

    pub(super) fn enter_file(&mut self, file: FileId) {
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

    pub(super) fn report(&mut self, diagnostic: Diagnostic) {
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

    pub(super) fn error(
        &mut self,
        loc: Loc,
        message: impl std::fmt::Display,
        label: impl std::fmt::Display,
    ) {
        self.report(crate::diagnostic::error_at(CODE, message, loc, label));
    }

    /// An error that has no place in a file (a bad `-D` option).
    pub(super) fn error_without_location(&mut self, message: impl Into<String>) {
        self.report(
            Diagnostic::error()
                .with_code(CODE)
                .with_message(message.into()),
        );
    }

    /// An error with a second label pointing at an earlier, related place.
    pub(super) fn error_with_note(
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
    pub(super) fn halt(
        &mut self,
        loc: Loc,
        message: impl std::fmt::Display,
        label: impl std::fmt::Display,
    ) {
        self.error(loc, message, label);
        self.halted = true;
    }
}
