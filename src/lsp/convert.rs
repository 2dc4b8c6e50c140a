//! prism's diagnostics and lint findings as LSP diagnostics: the user's file, line and column
//! (through includes and the dialect layer, as the CLI gives them), the rule's code, and a
//! link to the rule's documentation (`codeDescription`).

use std::collections::{BTreeMap, HashSet};
use std::path::PathBuf;
use std::str::FromStr;
use std::sync::{Mutex, OnceLock};

use codespan_reporting::diagnostic::{LabelStyle, Severity as CodespanSeverity};
use lsp_types::{
    CodeDescription, Diagnostic as LspDiagnostic, DiagnosticRelatedInformation, DiagnosticSeverity,
    Location, NumberOrString, Uri,
};

use super::documents::path_to_uri;
use super::positions::{Encoding, LineIndex};
use crate::diagnostic::Diagnostic;
use crate::lint::{Finding, Severity};
use crate::source::{FileId, SourceFiles};

/// Diagnostics by the URI of the file they are in.
pub type ByUri = BTreeMap<String, Vec<LspDiagnostic>>;

/// Where a file of a compilation is published: its own `file:` URI, or the document's URI
/// for the root (an unsaved, `untitled:` buffer has no path).
pub fn file_uri(files: &SourceFiles, file: FileId, root: FileId, root_uri: &str) -> String {
    if file == root {
        return root_uri.to_string();
    }
    match &files.get(file).path {
        Some(path) => path_to_uri(path),
        None => root_uri.to_string(),
    }
}

fn parse_uri(uri: &str) -> Option<Uri> {
    Uri::from_str(uri).ok()
}

/// A compiler diagnostic (error or warning) at its primary label.
pub fn diagnostic(
    files: &SourceFiles,
    root: FileId,
    root_uri: &str,
    diagnostic: &Diagnostic,
    encoding: Encoding,
    out: &mut ByUri,
) {
    let severity = match diagnostic.severity {
        CodespanSeverity::Bug | CodespanSeverity::Error => DiagnosticSeverity::ERROR,
        CodespanSeverity::Warning => DiagnosticSeverity::WARNING,
        CodespanSeverity::Note => DiagnosticSeverity::INFORMATION,
        CodespanSeverity::Help => DiagnosticSeverity::HINT,
    };
    let primary = diagnostic
        .labels
        .iter()
        .find(|l| l.style == LabelStyle::Primary)
        .or(diagnostic.labels.first());
    let (file, range) = match primary {
        Some(label) if label.file_id < files.len() => (label.file_id, label.range.clone()),
        _ => (root, 0..0),
    };
    let mut message = diagnostic.message.clone();
    if let Some(label) = primary {
        if !label.message.is_empty() && label.message != diagnostic.message {
            message.push_str(&format!(" ({})", label.message));
        }
    }
    for note in &diagnostic.notes {
        message.push('\n');
        message.push_str(note);
    }
    let related: Vec<DiagnosticRelatedInformation> = diagnostic
        .labels
        .iter()
        .filter(|l| Some(*l) != primary && l.file_id < files.len())
        .filter_map(|l| {
            let uri = parse_uri(&file_uri(files, l.file_id, root, root_uri))?;
            let text = &files.get(l.file_id).text;
            Some(DiagnosticRelatedInformation {
                location: Location::new(uri, LineIndex::new(text, encoding).range(l.range.clone())),
                message: if l.message.is_empty() {
                    "here".to_string()
                } else {
                    l.message.clone()
                },
            })
        })
        .collect();
    let text = &files.get(file).text;
    let lsp = LspDiagnostic {
        range: LineIndex::new(text, encoding).range(range),
        severity: Some(severity),
        code: diagnostic.code.clone().map(NumberOrString::String),
        source: Some("prism".to_string()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        ..Default::default()
    };
    out.entry(file_uri(files, file, root, root_uri))
        .or_default()
        .push(lsp);
}

/// A lint finding: its code, a link to the rule's documentation, its notes in the message.
pub fn finding(
    files: &SourceFiles,
    root: FileId,
    root_uri: &str,
    finding: &Finding,
    encoding: Encoding,
) -> (String, LspDiagnostic) {
    let (file, range) = match finding.loc {
        Some(loc) if loc.file < files.len() => (loc.file, loc.range()),
        _ => (root, 0..0),
    };
    let text = &files.get(file).text;
    let mut message = format!("{} [{}]", finding.message, finding.rule);
    for note in &finding.notes {
        message.push('\n');
        message.push_str(note);
    }
    if let Some(fix) = &finding.fix {
        message.push_str(&format!("\nfix ({}): {}", fix.applicability, fix.message));
    }
    let severity = match finding.severity {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Note => DiagnosticSeverity::INFORMATION,
    };
    let lsp = LspDiagnostic {
        range: LineIndex::new(text, encoding).range(range),
        severity: Some(severity),
        code: Some(NumberOrString::String(finding.code.clone())),
        code_description: rule_doc_uri(&finding.code).map(|href| CodeDescription { href }),
        source: Some("prism".to_string()),
        message,
        ..Default::default()
    };
    (file_uri(files, file, root, root_uri), lsp)
}

/// A diagnostic on the first line of a document, for what went wrong before any compile
/// (a buffer too large, a `prism.toml` that does not parse, a file prism cannot analyse).
pub fn whole_document(severity: DiagnosticSeverity, code: &str, message: String) -> LspDiagnostic {
    LspDiagnostic {
        range: lsp_types::Range::default(),
        severity: Some(severity),
        code: Some(NumberOrString::String(code.to_string())),
        source: Some("prism".to_string()),
        message,
        ..Default::default()
    }
}

/// The documentation of a rule as a local file, written once per run (what `prism rule CODE`
/// prints): it matches the server's version and needs no network.
fn rule_doc_uri(code: &str) -> Option<Uri> {
    static WRITTEN: OnceLock<Mutex<HashSet<String>>> = OnceLock::new();
    let rule = crate::lint::rule_by_code(code)?;
    let dir: PathBuf = std::env::temp_dir().join(format!(
        "prism-{}-rules-{}",
        env!("CARGO_PKG_VERSION"),
        user_tag()
    ));
    let path = dir.join(format!("{}.md", rule.code));
    let written = WRITTEN.get_or_init(Default::default);
    let mut written = written.lock().ok()?;
    if !written.contains(rule.code) {
        std::fs::create_dir_all(&dir).ok()?;
        crate::output::write_atomic(&path, crate::lint::render::rule_doc(rule).as_bytes()).ok()?;
        written.insert(rule.code.to_string());
    }
    parse_uri(&path_to_uri(&path))
}

/// Tells users of a shared temporary folder apart.
fn user_tag() -> String {
    std::env::var("USER")
        .or_else(|_| std::env::var("USERNAME"))
        .unwrap_or_else(|_| "user".to_string())
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect()
}
