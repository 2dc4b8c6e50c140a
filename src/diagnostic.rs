//! Diagnostics: one type for every error and finding prism reports, rendered in one place.
//!
//! Every stage returns codespan-reporting diagnostics over [`SourceFiles`](crate::source::SourceFiles) (the user's own
//! files), so a message always names the user's path, line and column.

use crate::source::{FileId, Loc};

pub type Diagnostic = codespan_reporting::diagnostic::Diagnostic<FileId>;
pub type Label = codespan_reporting::diagnostic::Label<FileId>;

/// An error diagnostic with one primary label at `loc`.
pub fn error_at(
    code: &str,
    message: impl std::fmt::Display,
    loc: Loc,
    label: impl std::fmt::Display,
) -> Diagnostic {
    Diagnostic::error()
        .with_code(code)
        .with_message(message)
        .with_labels(vec![
            Label::primary(loc.file, loc.range()).with_message(label)
        ])
}

/// A warning diagnostic with one primary label at `loc`.
pub fn warning_at(
    code: &str,
    message: impl std::fmt::Display,
    loc: Loc,
    label: impl std::fmt::Display,
) -> Diagnostic {
    Diagnostic::warning()
        .with_code(code)
        .with_message(message)
        .with_labels(vec![
            Label::primary(loc.file, loc.range()).with_message(label)
        ])
}
