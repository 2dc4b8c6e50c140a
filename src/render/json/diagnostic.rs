//! Diagnostics and bindings as JSON, for the documents that carry them (`compile`, `isa`).
//!
//! Fields are in alphabetical order: these documents were first written through
//! `serde_json::Value`, whose keys sort, and their bytes are kept.

use schemars::JsonSchema;
use serde::Serialize;

use crate::diagnostic::Diagnostic;
use crate::front::glsl::dialect::{Binding, BindingKind, Origin};
use crate::render::text::severity_name;
use crate::source::SourceFiles;

/// A diagnostic: file, one-based line and column of the primary label.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct JsonDiagnostic {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    pub labels: Vec<JsonLabel>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    pub message: String,
    pub notes: Vec<String>,
    /// `bug`, `error`, `warning`, `note` or `help`.
    pub severity: &'static str,
}

/// A label of a diagnostic, one-based.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct JsonLabel {
    pub column: usize,
    pub end_column: usize,
    pub end_line: usize,
    pub file: String,
    pub line: usize,
    pub message: String,
    pub primary: bool,
}

/// A diagnostic as JSON; labels outside `files` are left out.
pub fn diagnostic(files: &SourceFiles, diagnostic: &Diagnostic) -> JsonDiagnostic {
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

/// Every diagnostic of a list, as JSON.
pub fn diagnostics(files: &SourceFiles, diagnostics: &[Diagnostic]) -> Vec<JsonDiagnostic> {
    diagnostics.iter().map(|d| diagnostic(files, d)).collect()
}

/// A binding prism assigned or kept, with the user's file and line.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct JsonBinding {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub binding: Option<u32>,
    pub file: String,
    pub kind: BindingKind,
    pub line: usize,
    /// Location for inputs/outputs; the constant id for specialization constants.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<u32>,
    /// Loose uniforms gathered into a generated block.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub members: Vec<String>,
    pub name: String,
    pub origin: Origin,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub set: Option<u32>,
}

/// Every binding of a list, as JSON.
pub fn bindings(files: &SourceFiles, bindings: &[Binding]) -> Vec<JsonBinding> {
    bindings
        .iter()
        .map(|b| {
            let file = files.get(b.loc.file);
            JsonBinding {
                binding: b.binding,
                file: file.name.clone(),
                kind: b.kind,
                line: file.line_col(b.loc.start as usize).0,
                location: b.location,
                members: b.members.clone(),
                name: b.name.clone(),
                origin: b.origin,
                set: b.set,
            }
        })
        .collect()
}
