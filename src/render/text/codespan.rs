//! Diagnostics in codespan style.
//!
//! [`diagnostics`] is the one codespan loop: compile errors, warnings and lint findings all
//! go through it. A diagnostic codespan cannot render (a label past the end of its file) is
//! written as its header line alone, in its place; the others are unaffected.

use std::io::Write as _;

use codespan_reporting::diagnostic::Severity;
use codespan_reporting::term::{self, termcolor};

use crate::diagnostic::Diagnostic;
use crate::source::SourceFiles;

/// A severity as codespan names it in a header (`error`, `warning`, ...).
pub fn severity_name(severity: Severity) -> &'static str {
    match severity {
        Severity::Bug => "bug",
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
        Severity::Help => "help",
    }
}

/// Diagnostics in codespan style, coloured or not.
pub fn diagnostics(files: &SourceFiles, diagnostics: &[Diagnostic], color: bool) -> String {
    let config = term::Config::default();
    let mut out = Vec::new();
    for diagnostic in diagnostics {
        let mut buffer = if color {
            termcolor::Buffer::ansi()
        } else {
            termcolor::Buffer::no_color()
        };
        if term::emit_to_write_style(&mut buffer, &config, files, diagnostic).is_ok() {
            out.extend_from_slice(buffer.as_slice());
        } else {
            let code = diagnostic
                .code
                .as_deref()
                .map(|c| format!("[{c}]"))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "{}{code}: {}",
                severity_name(diagnostic.severity),
                diagnostic.message
            );
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;

    #[test]
    fn a_diagnostic_codespan_cannot_render_keeps_its_place() {
        let mut files = SourceFiles::new();
        let file = files.add(SourceFile::new("a.frag", None, "void main() {}\n"));
        let broken = Diagnostic::error()
            .with_code("E-TEST")
            .with_message("past the end")
            .with_labels(vec![codespan_reporting::diagnostic::Label::primary(
                file,
                500..600,
            )]);
        let fine = Diagnostic::warning().with_message("after it");
        let text = diagnostics(&files, &[broken, fine], false);
        assert!(text.starts_with("error[E-TEST]: past the end\n"), "{text}");
        assert!(text.contains("warning: after it"), "{text}");
    }
}
