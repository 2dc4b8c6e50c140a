//! Lint findings in codespan style (through the same loop as compile errors), with the
//! notes, the fix and what measuring it gave; and the one-line summary under them.

use codespan_reporting::diagnostic::Label;

use crate::diagnostic::Diagnostic;
use crate::lint::{Applicability, Finding, LintReport, Severity};
use crate::source::SourceFiles;

fn diagnostic(finding: &Finding) -> Diagnostic {
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
                .map(|m| match &m.driver {
                    Some(driver) => format!("{} {} → {} ({driver})", m.metric, m.before, m.after),
                    None => format!("{} {} → {}", m.metric, m.before, m.after),
                })
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
pub fn lint(report: &LintReport, files: &SourceFiles, color: bool) -> String {
    let diagnostics: Vec<Diagnostic> = report.findings.iter().map(diagnostic).collect();
    super::codespan::diagnostics(files, &diagnostics, color)
}

/// `3 findings (1 error, 2 warnings) in 5 shaders; 2 fixable with --fix`.
pub fn lint_summary(reports: &[LintReport], failed: usize) -> String {
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
            f.fix
                .as_ref()
                .is_some_and(|x| x.applicability == Applicability::Safe && !x.edits.is_empty())
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
