//! The GLSL preprocessor: `#include`, `#define`, conditionals, and line mapping.
//!
//! In: the root file in [`SourceFiles`], options (`-D`, `-I`), and a loader for includes.
//! Out: [`Preprocessed`]: the active tokens after macro expansion, each carrying the
//! [`Loc`](crate::source::Loc) of the user's text that produced it, plus the `#version`,
//! `#extension` and `#pragma` directives that the dialect layer needs.
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
//!
//! The files, in the order a token meets them: `lexer` (text → raw tokens), `pp_token`
//! (raw → GLSL tokens), `preprocessor` (the state and main loop), `directive` and
//! `conditional` (lines starting with `#`), `include`, `macros` (definitions) and `expand`
//! (expansion), `expr` (`#if` arithmetic); `options` and `output` are what goes in and out.

mod conditional;
mod directive;
mod expand;
mod expr;
mod include;
mod lexer;
mod macros;
mod options;
mod output;
mod pp_token;
mod preprocessor;
#[cfg(test)]
mod tests;
pub mod token;

use crate::diagnostic::Diagnostic;
use crate::source::{FileId, SourceFiles};
pub(crate) use expr::parse_int;
pub use options::PreprocessOptions;
pub use output::{ExtensionDirective, Preprocessed, VersionDirective};
use pp_token::CODE;
use preprocessor::Preprocessor;
pub use token::{Token, TokenKind};

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
