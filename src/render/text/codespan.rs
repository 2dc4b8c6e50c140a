//! Rendering diagnostics and bindings: text (codespan) and JSON.

use std::io::Write as _;

use codespan_reporting::diagnostic::Severity;
use codespan_reporting::term::{self, termcolor};
use serde::Serialize;

use prism::diagnostic::Diagnostic;
use prism::front::glsl::dialect::Binding;
use prism::source::SourceFiles;

/// Diagnostics to stderr in codespan style.
pub fn emit_text(files: &SourceFiles, diagnostics: &[Diagnostic], color: bool) {
    eprint!("{}", text_of(files, diagnostics, color));
}

/// Diagnostics in codespan style, as text (for output assembled in parallel).
pub fn text_of(files: &SourceFiles, diagnostics: &[Diagnostic], color: bool) -> String {
    let mut buffer = if color {
        termcolor::Buffer::ansi()
    } else {
        termcolor::Buffer::no_color()
    };
    let config = term::Config::default();
    for diagnostic in diagnostics {
        if term::emit_to_write_style(&mut buffer, &config, files, diagnostic).is_err() {
            // A diagnostic whose label is out of range: print the message alone, in its place.
            let _ = writeln!(buffer, "error: {}", diagnostic.message);
        }
    }
    String::from_utf8_lossy(buffer.as_slice()).into_owned()
}

/// A diagnostic as JSON: file, one-based line and column of the primary label.
#[derive(Serialize)]
pub struct JsonDiagnostic {
    pub severity: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
    pub labels: Vec<JsonLabel>,
    pub notes: Vec<String>,
}

#[derive(Serialize)]
pub struct JsonLabel {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub primary: bool,
    pub message: String,
}

pub fn severity_name(severity: Severity) -> &'static str {
    match severity {
        Severity::Bug => "bug",
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
        Severity::Help => "help",
    }
}

pub fn json_diagnostic(files: &SourceFiles, diagnostic: &Diagnostic) -> JsonDiagnostic {
    let labels: Vec<JsonLabel> = diagnostic
        .labels
        .iter()
        .filter(|label| label.file_id < files.len())
        .map(|label| {
            let file = files.get(label.file_id);
            let (line, column) = file.line_col(label.range.start);
            let (end_line, end_column) = file.line_col(label.range.end);
            JsonLabel {
                file: file.name.clone(),
                line,
                column,
                end_line,
                end_column,
                primary: label.style == codespan_reporting::diagnostic::LabelStyle::Primary,
                message: label.message.clone(),
            }
        })
        .collect();
    let primary = labels.iter().find(|l| l.primary);
    JsonDiagnostic {
        severity: severity_name(diagnostic.severity),
        code: diagnostic.code.clone(),
        message: diagnostic.message.clone(),
        file: primary.map(|l| l.file.clone()),
        line: primary.map(|l| l.line),
        column: primary.map(|l| l.column),
        notes: diagnostic.notes.clone(),
        labels,
    }
}

/// A binding as JSON, with the user's file and line.
#[derive(Serialize)]
pub struct JsonBinding<'a> {
    #[serde(flatten)]
    pub binding: &'a Binding,
    pub file: String,
    pub line: usize,
}

pub fn json_bindings<'a>(files: &SourceFiles, bindings: &'a [Binding]) -> Vec<JsonBinding<'a>> {
    bindings
        .iter()
        .map(|binding| {
            let file = files.get(binding.loc.file);
            JsonBinding {
                binding,
                file: file.name.clone(),
                line: file.line_col(binding.loc.start as usize).0,
            }
        })
        .collect()
}

/// The bindings table as text.
pub fn bindings_table(files: &SourceFiles, bindings: &[Binding]) -> String {
    let mut out = String::new();
    out.push_str(
        "kind                     name                     set binding location origin     line\n",
    );
    for b in bindings {
        let file = files.get(b.loc.file);
        let line = file.line_col(b.loc.start as usize).0;
        let num = |v: Option<u32>| v.map(|v| v.to_string()).unwrap_or_else(|| "-".into());
        out.push_str(&format!(
            "{:<24} {:<24} {:>3} {:>7} {:>8} {:<10} {}:{}\n",
            b.kind.describe(),
            b.name,
            num(b.set),
            num(b.binding),
            num(b.location),
            match b.origin {
                prism::front::glsl::dialect::Origin::User => "user",
                prism::front::glsl::dialect::Origin::Generated => "generated",
            },
            file.name,
            line
        ));
        if !b.members.is_empty() {
            out.push_str(&format!("    members: {}\n", b.members.join(", ")));
        }
    }
    out
}
