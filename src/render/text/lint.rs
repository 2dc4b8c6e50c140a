//! Human-readable findings in codespan style (the same renderer as compile errors), with the
//! notes, the fix and what measuring it gave.

use codespan_reporting::diagnostic::{Diagnostic, Label};
use codespan_reporting::term::{self, termcolor::Buffer};

use crate::lint::{Finding, LintReport, Severity};
use crate::source::SourceFiles;

fn diagnostic(finding: &Finding) -> Diagnostic<usize> {
    let base = match finding.severity {
        Severity::Error => Diagnostic::error(),
        Severity::Warning => Diagnostic::warning(),
        Severity::Note => Diagnostic::note(),
    };
    let mut notes = finding.notes.clone();
    if let Some(fix) = &finding.fix {
        let mut help = format!("help ({} fix): {}", fix.applicability, fix.message);
        if !fix.measured.is_empty() {
            let measured: Vec<String> = fix
                .measured
                .iter()
                .map(|m| format!("{} {} → {}", m.metric, m.before, m.after))
                .collect();
            help.push_str(&format!(" (measured here: {})", measured.join(", ")));
        }
        notes.push(help);
    }
    let diagnostic = base
        .with_code(format!("{} {}", finding.code, finding.rule))
        .with_message(&finding.message)
        .with_notes(notes);
    match finding.loc {
        Some(loc) => diagnostic.with_labels(vec![Label::primary(loc.file, loc.range())]),
        None => diagnostic,
    }
}

/// One shader's findings, rendered against its files.
pub fn text(report: &LintReport, files: &SourceFiles, color: bool) -> String {
    let mut buffer = if color {
        Buffer::ansi()
    } else {
        Buffer::no_color()
    };
    let config = term::Config::default();
    for finding in &report.findings {
        let diagnostic = diagnostic(finding);
        if term::emit_to_write_style(&mut buffer, &config, files, &diagnostic).is_err() {
            // A location past the end of its file (it cannot happen for findings that come
            // from this compilation): fall back to one plain line.
            buffer.clear();
            return report
                .findings
                .iter()
                .map(|f| {
                    format!(
                        "{}:{}:{}: {}[{}]: {}\n",
                        f.file, f.line, f.column, f.severity, f.code, f.message
                    )
                })
                .collect();
        }
    }
    String::from_utf8_lossy(buffer.as_slice()).into_owned()
}

/// `3 findings (1 error, 2 warnings) in 5 shaders; 2 fixable with --fix`.
pub fn summary(reports: &[LintReport], failed: usize) -> String {
    let findings: Vec<&Finding> = reports.iter().flat_map(|r| &r.findings).collect();
    let count = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let mut out = format!(
        "{} ({}, {}, {}) in {}",
        plural(findings.len(), "finding"),
        plural(count(Severity::Error), "error"),
        plural(count(Severity::Warning), "warning"),
        plural(count(Severity::Note), "note"),
        plural(reports.len(), "shader"),
    );
    let safe = findings
        .iter()
        .filter(|f| {
            f.fix.as_ref().is_some_and(|x| {
                x.applicability == crate::lint::Applicability::Safe && !x.edits.is_empty()
            })
        })
        .count();
    if safe > 0 {
        out.push_str(&format!("; {safe} fixable with --fix"));
    }
    let suppressed: usize = reports.iter().map(|r| r.suppressed).sum();
    if suppressed > 0 {
        out.push_str(&format!("; {suppressed} suppressed inline"));
    }
    if failed > 0 {
        out.push_str(&format!(
            "; {} could not be linted",
            plural(failed, "shader")
        ));
    }
    out
}
